using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Inference.Loading;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>
/// Both architectures, trained by the recipe once per test run, with the recipe's PyTorch reference outputs; each in
/// the recipe's default ONNX export (fused attention over a shared KV cache) and re-exported from the same weights
/// with standard attention, so both of the engine's cache layouts are proven against the same reference.
/// </summary>
public sealed class TinyModels : IAsyncLifetime
{
    public const string Llama = "llama";
    public const string Gpt2 = "gpt2";
    public const string LlamaStandard = "llama-standard";
    public const string Gpt2Standard = "gpt2-standard";

    private readonly Dictionary<string, string> _folders = [];

    /// <summary>Every architecture in every ONNX export the recipe writes.</summary>
    public static TheoryData<string> Architectures => [Llama, Gpt2, LlamaStandard, Gpt2Standard];

    public string Folder(string architecture) => _folders[architecture];

    public IReadOnlyList<ReferenceCase> Reference(string architecture) => ReferenceCase.ReadFile(Path.Combine(Folder(architecture), "reference.json"));

    public LocalModel Load(string architecture, int maxBatch = 8, int maxQueue = 64) =>
        LocalModel.Load(Folder(architecture), new ModelOptions { ExecutionProvider = "cpu", MaxBatchSize = maxBatch, MaxQueueLength = maxQueue, IntraOpThreads = 1 }, NullLogger.Instance);

    public async Task InitializeAsync()
    {
        foreach (var architecture in new[] { Llama, Gpt2 })
        {
            var folder = await TrainingRecipe.TrainTinyAsync(architecture);
            _folders[architecture] = folder;
            _folders[$"{architecture}-standard"] = await ModelFolders.ReexportedCopyAsync(
                folder, Path.Combine(Path.GetDirectoryName(folder)!, "model-standard"), "standard");
        }
    }

    public Task DisposeAsync()
    {
        foreach (var folder in _folders.Values.Where(f => Path.GetFileName(f) == "model"))
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return Task.CompletedTask;
    }
}

public sealed record ReferenceCase(
    string Text, int[] InputIds, float[] LastLogits, int LogitsArgmax, int[] GreedyIds, int[] GreedyIdsNoCache, double[] GreedyStepLogitSums)
{
    public static IReadOnlyList<ReferenceCase> ReadFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var cases = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement : document.RootElement.GetProperty("cases");
        return [.. cases.EnumerateArray().Select(Read)];
    }

    public static ReferenceCase Read(JsonElement element) => new(
        element.GetProperty("text").GetString()!,
        Ints(element.GetProperty("input_ids")),
        [.. element.GetProperty("last_logits").EnumerateArray().Select(v => v.GetSingle())],
        element.GetProperty("logits_argmax").GetInt32(),
        Ints(element.GetProperty("greedy_ids")),
        Ints(element.GetProperty("greedy_ids_nocache")),
        [.. element.GetProperty("greedy_step_logits_sum").EnumerateArray().Select(v => v.GetDouble())]);

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetInt32())];
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModels>
{
    public const string Name = "tiny models";
}
