using Microsoft.Extensions.AI;
using Platform.Inference.Embeddings;

namespace Platform.Inference.Tests;

[Collection(TinyEmbeddingCollection.Name)]
public sealed class EmbeddingGeneratorTests(TinyEmbeddingModel tiny)
{
    private const float Tolerance = 1e-4f;

    [Fact]
    public async Task Embeddings_MatchThePyTorchReference()
    {
        using var model = tiny.Load();
        var generator = new LocalEmbeddingGenerator(model);
        var reference = tiny.Reference();

        var embeddings = await generator.GenerateAsync(reference.Select(r => r.Text));

        Assert.Equal(reference.Count, embeddings.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            Assert.Equal(reference[i].InputIds, model.Tokenize(reference[i].Text));
            AssertClose(reference[i].Embedding, embeddings[i].Vector.Span, reference[i].Text);
        }
    }

    [Fact]
    public async Task MixedLengthsInBatches_EqualOneByOne()
    {
        using var model = tiny.Load(maxBatchSize: 3);
        var generator = new LocalEmbeddingGenerator(model);
        string[] texts =
        [
            "hi",
            "How long does standard shipping take to reach Canada?",
            "",
            "return",
            string.Join(' ', Enumerable.Repeat("Our warranty covers manufacturing defects for two years from purchase.", 4)),
            "Can I change my order?",
            "ok",
        ];

        var together = await generator.GenerateAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = await generator.GenerateAsync([texts[i]]);
            AssertClose(alone[0].Vector.ToArray(), together[i].Vector.Span, texts[i]);
            Assert.Equal(1.0, Norm(together[i].Vector.Span), 4);
            Assert.Equal(model.Dimensions, together[i].Vector.Length);
        }
    }

    [Fact]
    public async Task LongText_IsCutToMaxSequenceLength()
    {
        using var model = tiny.Load(maxSequenceLength: 8);
        var generator = new LocalEmbeddingGenerator(model);
        var text = "Standard shipping is free on orders over fifty dollars and takes three to five business days.";
        var ids = model.Tokenize(text);
        var prefix = model.Tokenizer.Decode(ids);

        var embeddings = await generator.GenerateAsync([text, prefix]);

        Assert.Equal(8, ids.Count);
        Assert.Equal(8, embeddings.Usage!.InputTokenCount / 2);
        AssertClose(embeddings[1].Vector.ToArray(), embeddings[0].Vector.Span, text);
    }

    [Fact]
    public async Task CancelledToken_IsHonoured()
    {
        using var model = tiny.Load(maxBatchSize: 2);
        var generator = new LocalEmbeddingGenerator(model);
        var texts = Enumerable.Range(0, 20_000).Select(i => $"question number {i} about returns, shipping and the warranty of boots").ToList();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(texts, cancellationToken: new CancellationToken(canceled: true)));

        // Cancelled while it runs: thousands of batches are left, and none of them may still be run.
        using var cancellation = new CancellationTokenSource();
        var running = generator.GenerateAsync(texts, cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task ConcurrentCalls_GiveTheSameVectors()
    {
        using var model = tiny.Load(maxBatchSize: 4);
        var generator = new LocalEmbeddingGenerator(model);
        var texts = Enumerable.Range(0, 24).Select(i => new string('x', i % 7) + $" text {i} about orders").ToList();
        var expected = await generator.GenerateAsync(texts);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => generator.GenerateAsync(texts))));

        foreach (var result in results)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                Assert.Equal(expected[i].Vector.ToArray(), result[i].Vector.ToArray());
            }
        }
    }

    [Fact]
    public void Metadata_NamesTheModelAndItsDimensions()
    {
        using var model = tiny.Load();
        IEmbeddingGenerator<string, Embedding<float>> generator = new LocalEmbeddingGenerator(model);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal(model.Name, metadata.DefaultModelId);
        Assert.Equal(model.Dimensions, metadata.DefaultModelDimensions);
    }

    private static double Norm(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += v * v;
        }

        return Math.Sqrt(sum);
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual, string text)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var d = 0; d < expected.Length; d++)
        {
            worst = Math.Max(worst, Math.Abs(expected[d] - actual[d]));
        }

        Assert.True(worst <= Tolerance, $"'{text}': largest difference {worst} > {Tolerance}");
    }
}
