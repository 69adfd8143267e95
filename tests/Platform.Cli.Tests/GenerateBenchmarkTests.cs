using System.Text.Json;
using Platform.Cli.Bench;
using Platform.Inference.Loading;
using Platform.TestSupport;

namespace Platform.Cli.Tests;

/// <summary><c>bench generate</c> end to end on a tiny model the recipe trains: the engine, PyTorch, onnxruntime-genai and a second export.</summary>
public sealed class GenerateBenchmarkTests
{
    [Fact]
    public async Task BenchGenerate_TimesTheFusedAndStandardExportsOfOneModel_WhichAgreeWithEachOtherAndPyTorch()
    {
        const int newTokens = 8;
        var fused = await TrainingRecipe.TrainTinyAsync("llama");
        var root = Path.GetDirectoryName(fused)!;
        try
        {
            var standard = await ModelFolders.ReexportedCopyAsync(fused, Path.Combine(root, "standard"), "standard");
            using var json = await BenchAgainstStandardAsync(fused, standard, promptTokens: 40, newTokens, "1,3");
            var figures = json.RootElement;
            Assert.Equal("shared-buffer", figures.GetProperty("cache_layout").GetString());
            Assert.Equal(newTokens, figures.GetProperty("greedy_agreement").GetInt32());
            Assert.All(figures.GetProperty("decode").EnumerateArray(), d => Assert.True(d.GetProperty("engine_tokens_per_s").GetDouble() > 0));
            var comparison = figures.GetProperty("comparison");
            Assert.Equal("padded", comparison.GetProperty("cache_layout").GetString());
            Assert.Equal(newTokens, comparison.GetProperty("greedy_agreement").GetInt32());
            Assert.Equal([1, 3], comparison.GetProperty("decode").EnumerateArray().Select(d => d.GetProperty("streams").GetInt32()));

            var genAi = figures.GetProperty("gen_ai");
            Assert.False(genAi.TryGetProperty("unavailable", out var why), why.ToString());
            Assert.True(genAi.GetProperty("greedy_compared").GetInt32() > 0);
            Assert.Equal(genAi.GetProperty("greedy_compared").GetInt32(), genAi.GetProperty("greedy_agreement").GetInt32());
            Assert.Equal([1, 3], genAi.GetProperty("decode").EnumerateArray().Select(d => d.GetProperty("streams").GetInt32()));
            Assert.All(genAi.GetProperty("decode").EnumerateArray(), d => Assert.True(d.GetProperty("tokens_per_s").GetDouble() > 0));
            Assert.True(genAi.GetProperty("ttft_ms").GetDouble() > 0);

            // The standard export's genai_config.json (no shared buffer) runs too, and continues the prompt the same way.
            int[] prompt = [.. Enumerable.Range(0, 30).Select(i => 32 + (i * 37 % 90))];
            var vocab = ModelConfig.Parse(await File.ReadAllTextAsync(Path.Combine(fused, "config.json")), "config.json").VocabSize;
            using var fusedRunner = GenAiRunner.TryOpen(fused, vocab, prompt, newTokens, maxStreams: 2, threads: 1, out var fusedWhy);
            using var standardRunner = GenAiRunner.TryOpen(standard, vocab, prompt, newTokens, maxStreams: 2, threads: 1, out var standardWhy);
            Assert.True(fusedRunner is not null, fusedWhy);
            Assert.True(standardRunner is not null, standardWhy);
            var fusedGreedy = fusedRunner.Greedy(CancellationToken.None);
            Assert.Equal(newTokens, fusedGreedy.Count);
            Assert.Equal(fusedGreedy, standardRunner.Greedy(CancellationToken.None));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("qwen3", "qwen3", 32)]
    [InlineData("llama", "llama3_2", null)]
    public async Task BenchGenerate_OnARandomWeightOpenModelWithItsRealTokenizer_EngineAgreesWithPyTorchAndGenAiInBothLayouts(string family, string tokenizer, int? headDim)
    {
        const int newTokens = 12;
        var fused = await RealTokenizers.RandomModelAsync(family, tokenizer, headDim: headDim);
        var root = Path.GetDirectoryName(fused)!;
        try
        {
            var standard = await ModelFolders.ReexportedCopyAsync(fused, Path.Combine(root, "standard"), "standard");
            using var json = await BenchAgainstStandardAsync(fused, standard, promptTokens: 60, newTokens, "1,2");
            var figures = json.RootElement;
            Assert.Equal(family, figures.GetProperty("model").GetProperty("type").GetString());
            Assert.Equal(newTokens, figures.GetProperty("greedy_agreement").GetInt32());
            Assert.Equal(newTokens, figures.GetProperty("comparison").GetProperty("greedy_agreement").GetInt32());
            var genAi = figures.GetProperty("gen_ai");
            Assert.False(genAi.TryGetProperty("unavailable", out var why), why.ToString());
            Assert.Equal(newTokens, genAi.GetProperty("greedy_compared").GetInt32());
            Assert.Equal(newTokens, genAi.GetProperty("greedy_agreement").GetInt32());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void GenAiRunner_SaysWhyItDidNotOpen_ForAFolderWithoutOrWithABrokenGenAiConfig()
    {
        var folder = Directory.CreateTempSubdirectory("platform-genai-").FullName;
        try
        {
            using var missing = GenAiRunner.TryOpen(folder, 100, [1, 2, 3], 4, maxStreams: 1, threads: 0, out var missingWhy);
            Assert.Null(missing);
            Assert.Contains("has no genai_config.json", missingWhy, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(folder, "genai_config.json"), "{ \"model\": ");
            using var broken = GenAiRunner.TryOpen(folder, 100, [1, 2, 3], 4, maxStreams: 1, threads: 0, out var brokenWhy);
            Assert.Null(broken);
            Assert.Contains("onnxruntime-genai refused", brokenWhy, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One <c>bench generate</c> run of <paramref name="fused"/> against its standard re-export; the report it wrote.</summary>
    private static async Task<JsonDocument> BenchAgainstStandardAsync(string fused, string standard, int promptTokens, int newTokens, string streams)
    {
        var report = Path.Combine(Path.GetDirectoryName(fused)!, "generate.json");
        var code = await GenerateBenchmark.RunAsync(
            Options.Parse(["--model", fused, "--compare-model", standard, "--prompt-tokens", $"{promptTokens}", "--new-tokens", $"{newTokens}",
                "--streams", streams, "--runs", "1", "--torch-threads", "1", "--out", report]),
            CancellationToken.None);
        Assert.Equal(0, code);
        return JsonDocument.Parse(await File.ReadAllTextAsync(report));
    }
}
