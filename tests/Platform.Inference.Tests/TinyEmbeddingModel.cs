using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Inference.Embeddings;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>The tiny sentence-embedding preset, trained by models/training/embed.py once per test run, with its PyTorch reference vectors.</summary>
public sealed class TinyEmbeddingModel : IAsyncLifetime
{
    public string Folder { get; private set; } = string.Empty;

    public IReadOnlyList<EmbeddingReferenceCase> Reference() => EmbeddingReferenceCase.ReadFile(Path.Combine(Folder, "reference.json"));

    public EmbeddingModel Load(int maxBatchSize = 8, int maxSequenceLength = 256) =>
        EmbeddingModel.Load(Folder, Options(maxBatchSize, maxSequenceLength), NullLogger.Instance);

    public static EmbeddingOptions Options(int maxBatchSize = 8, int maxSequenceLength = 256, string? path = null) =>
        new() { Path = path, ExecutionProvider = "cpu", MaxBatchSize = maxBatchSize, MaxSequenceLength = maxSequenceLength, IntraOpThreads = 1 };

    public async Task InitializeAsync() => Folder = await TrainingRecipe.TrainTinyEmbeddingAsync();

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}

public sealed record EmbeddingReferenceCase(string Text, int[] InputIds, float[] Embedding)
{
    public static IReadOnlyList<EmbeddingReferenceCase> ReadFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new EmbeddingReferenceCase(
            c.GetProperty("text").GetString()!,
            [.. c.GetProperty("input_ids").EnumerateArray().Select(v => v.GetInt32())],
            [.. c.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle())]))];
    }
}

[CollectionDefinition(Name)]
public sealed class TinyEmbeddingCollection : ICollectionFixture<TinyEmbeddingModel>
{
    public const string Name = "tiny embedding model";
}
