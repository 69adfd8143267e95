using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Cli.Bench;

/// <summary>What <c>models/training/bench_torch.py</c> measured, or why it could not run.</summary>
internal sealed record TorchBaseline
{
    public string? Unavailable { get; init; }

    public string? Python { get; init; }

    [JsonPropertyName("torch_version")]
    public string? TorchVersion { get; init; }

    public int? Threads { get; init; }

    [JsonPropertyName("ttft_ms")]
    public double? TtftMs { get; init; }

    public IReadOnlyList<TorchDecode> Decode { get; init; } = [];

    [JsonPropertyName("greedy_ids")]
    public IReadOnlyList<int> GreedyIds { get; init; } = [];

    public double? TokensPerSecond(int streams) => Decode.FirstOrDefault(d => d.Streams == streams)?.TokensPerSecond;

    /// <summary>Runs the PyTorch eager baseline on the same prompt ids; never throws for a missing Python or torch.</summary>
    public static async Task<TorchBaseline> RunAsync(
        string repositoryRoot, string modelFolder, IReadOnlyList<int> prompt, int newTokens, IReadOnlyList<int> streams, int runs, int threads, CancellationToken cancellationToken)
    {
        var python = Environment.GetEnvironmentVariable("PLATFORM_PYTHON") is { Length: > 0 } configured ? configured : "/usr/bin/python3";
        var script = Path.Combine(repositoryRoot, "models", "training", "bench_torch.py");
        if (!File.Exists(script))
        {
            return new TorchBaseline { Python = python, Unavailable = $"{script} is missing" };
        }

        if (!File.Exists(Path.Combine(modelFolder, "pytorch_model.bin")))
        {
            return new TorchBaseline { Python = python, Unavailable = $"{modelFolder} has no pytorch_model.bin" };
        }

        var idsFile = Path.Combine(Path.GetTempPath(), $"platform-bench-prompt-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(idsFile, JsonSerializer.Serialize(prompt), cancellationToken);
        try
        {
            var start = new ProcessStartInfo(python,
            [
                script, "--model", modelFolder, "--prompt-ids", idsFile, "--new-tokens", newTokens.ToString(CultureInfo.InvariantCulture),
                "--streams", string.Join(',', streams), "--runs", runs.ToString(CultureInfo.InvariantCulture),
                "--threads", threads.ToString(CultureInfo.InvariantCulture),
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new Win32Exception($"could not start {python}");
            }
            catch (Win32Exception ex)
            {
                return new TorchBaseline { Python = python, Unavailable = $"{python} could not be started ({ex.Message}); set PLATFORM_PYTHON to a Python with torch" };
            }

            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                try
                {
                    await process.WaitForExitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw;
                }

                var output = await stdout;
                var errors = await stderr;
                if (process.ExitCode != 0)
                {
                    var reason = errors.Contains("No module named 'torch'", StringComparison.Ordinal)
                        ? $"{python} has no torch; set PLATFORM_PYTHON to a Python with torch"
                        : $"{python} bench_torch.py exited with {process.ExitCode}: {LastLine(errors)}";
                    return new TorchBaseline { Python = python, Unavailable = reason };
                }

                var result = JsonSerializer.Deserialize<TorchBaseline>(LastLine(output), JsonOptions)
                    ?? throw new JsonException("bench_torch.py printed null");
                return result with { Python = python };
            }
        }
        catch (JsonException ex)
        {
            return new TorchBaseline { Python = python, Unavailable = $"bench_torch.py printed no readable JSON: {ex.Message}" };
        }
        finally
        {
            File.Delete(idsFile);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
}

/// <summary>PyTorch's decode throughput at one stream count, as bench_torch.py prints it.</summary>
internal sealed record TorchDecode(
    [property: JsonPropertyName("streams")] int Streams,
    [property: JsonPropertyName("tokens_per_s")] double TokensPerSecond,
    [property: JsonPropertyName("per_stream_tokens_per_s")] double PerStreamTokensPerSecond);
