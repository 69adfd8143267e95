using Microsoft.Extensions.Logging.Abstractions;
using Platform.Inference.Embeddings;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>The committed models/support-embed folder loads and gives the vectors PyTorch gave when it was exported.</summary>
public sealed class ShippedEmbeddingModelTests
{
    [Fact]
    public async Task ShippedModel_MatchesItsPyTorchReference()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "models", "support-embed");
        using var model = EmbeddingModel.Load(folder, TinyEmbeddingModel.Options(maxBatchSize: 4), NullLogger.Instance);
        var generator = new LocalEmbeddingGenerator(model);
        var reference = EmbeddingReferenceCase.ReadFile(Path.Combine(folder, "reference.json"));

        var embeddings = await generator.GenerateAsync(reference.Select(r => r.Text));

        for (var i = 0; i < reference.Count; i++)
        {
            Assert.Equal(reference[i].InputIds, model.Tokenize(reference[i].Text));
            var worst = reference[i].Embedding.Zip(embeddings[i].Vector.ToArray(), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= 1e-4f, $"'{reference[i].Text}': largest difference {worst}");
        }
    }
}
