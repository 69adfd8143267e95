using System.Diagnostics;

namespace Platform.TestSupport;

/// <summary>
/// Runs the model recipe in <c>models/training/</c> with Debian's python3-torch, so tests use a model the project
/// builds rather than a downloaded or checked-in one. <c>PLATFORM_PYTHON</c> overrides the interpreter.
/// </summary>
public static class TrainingRecipe
{
    public static string Script => Path.Combine(RepositoryPaths.Root, "models", "training", "recipe.py");

    /// <summary>The sentence-embedding recipe beside it.</summary>
    public static string EmbeddingScript => Path.Combine(RepositoryPaths.Root, "models", "training", "embed.py");

    public static string Python => Environment.GetEnvironmentVariable("PLATFORM_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    /// <summary>Trains a tiny model of the given architecture into a new temp folder, with its PyTorch reference outputs.</summary>
    public static async Task<string> TrainTinyAsync(string architecture, int seed = 1)
    {
        var root = Path.Combine(Path.GetTempPath(), "platform-tests", $"tiny-{architecture}-{Guid.NewGuid():N}");
        var model = Path.Combine(root, "model");
        var work = Path.Combine(root, "work");
        await RunAsync("all", "--preset", "tiny", "--arch", architecture, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", model, "--work", work);
        await RunAsync("reference", "--model", model, "--out", Path.Combine(model, "reference.json"));
        return model;
    }

    /// <summary>Trains the tiny sentence-embedding preset into a new temp folder; embed.py writes its reference.json too.</summary>
    public static async Task<string> TrainTinyEmbeddingAsync(int seed = 1)
    {
        var root = Path.Combine(Path.GetTempPath(), "platform-tests", $"tiny-embed-{Guid.NewGuid():N}");
        var model = Path.Combine(root, "model");
        await RunScriptAsync(EmbeddingScript, "all", "--preset", "tiny", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--out", model, "--work", Path.Combine(root, "work"));
        return model;
    }

    public static Task RunAsync(params string[] arguments) => RunScriptAsync(Script, arguments);

    public static async Task RunScriptAsync(string script, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"The model recipe needs {Python} with PyTorch (apt-get install python3-torch python3-numpy libopenblas0-pthread; .ci/run does this): {ex.Message}", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"`{Python} {script} {string.Join(' ', arguments)}` failed with exit code {process.ExitCode}:\n{await output}\n{await error}");
            }
        }
    }
}
