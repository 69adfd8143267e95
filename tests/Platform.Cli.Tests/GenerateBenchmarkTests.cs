using System.Text.Json;
using Platform.Cli.Bench;
using Platform.TestSupport;

namespace Platform.Cli.Tests;

/// <summary><c>bench generate</c> end to end on a tiny model the recipe trains: the engine, PyTorch and a second export.</summary>
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
            var report = Path.Combine(root, "generate.json");

            var code = await GenerateBenchmark.RunAsync(
                Options.Parse(["--model", fused, "--compare-model", standard, "--prompt-tokens", "40", "--new-tokens", $"{newTokens}",
                    "--streams", "1,3", "--runs", "1", "--torch-threads", "1", "--out", report]),
                CancellationToken.None);

            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var figures = json.RootElement;
            Assert.Equal("shared-buffer", figures.GetProperty("cache_layout").GetString());
            Assert.Equal(newTokens, figures.GetProperty("greedy_agreement").GetInt32());
            Assert.All(figures.GetProperty("decode").EnumerateArray(), d => Assert.True(d.GetProperty("engine_tokens_per_s").GetDouble() > 0));
            var comparison = figures.GetProperty("comparison");
            Assert.Equal("padded", comparison.GetProperty("cache_layout").GetString());
            Assert.Equal(newTokens, comparison.GetProperty("greedy_agreement").GetInt32());
            Assert.Equal([1, 3], comparison.GetProperty("decode").EnumerateArray().Select(d => d.GetProperty("streams").GetInt32()));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
