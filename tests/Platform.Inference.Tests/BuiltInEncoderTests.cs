using Microsoft.Extensions.Logging.Abstractions;
using Platform.Inference.Embeddings;
using Platform.Inference.Loading;

namespace Platform.Inference.Tests;

/// <summary>The pretrained encoders read from their packages' DLLs and run on the platform's ONNX Runtime.</summary>
public sealed class BuiltInEncoderTests
{
    private static readonly string[] Passages =
    [
        "What payment methods do you accept?\n\nWe accept Visa, Mastercard, American Express, PayPal and Apple Pay.",
        "Can I pay in installments?\n\nYes, with Klarna's buy now, pay later option you can split an order into four payments.",
        "What is your return window?\n\nYou can return unused items within 60 days of delivery for a full refund.",
        "How long does shipping take?\n\nStandard shipping takes 3 to 5 business days within the contiguous US.",
    ];

    [Theory]
    [InlineData(BuiltInEncoders.ArcticEmbedXs)]
    [InlineData(BuiltInEncoders.AllMiniLmL6V2)]
    public async Task BuiltInEncoder_LoadsFromItsPackage_AndRanksTheAnsweringPassageFirst(string name)
    {
        var encoder = BuiltInEncoders.Find(name)!;
        using var model = EmbeddingModel.LoadBuiltIn(encoder, BuiltInEncoders.AssemblyPath(encoder), TinyEmbeddingModel.Options(), NullLogger.Instance);
        var generator = new LocalEmbeddingGenerator(model);

        var passages = await generator.GenerateAsync(Passages);
        var cases = new (string Question, int Passage)[]
        {
            ("Can I pay with PayPal?", 0),
            ("do you do buy now pay later", 1),
            ("how many days do I have to send something back", 2),
            ("when will my package arrive", 3),
        };

        Assert.Equal(384, model.Dimensions);
        foreach (var (question, expected) in cases)
        {
            var query = await generator.GenerateAsync([question], EmbeddingInputs.Query());
            var cosines = passages.Select(p => Dot(query[0].Vector.Span, p.Vector.Span)).ToList();
            Assert.True(cosines.IndexOf(cosines.Max()) == expected, $"{name}: '{question}' ranked [{string.Join(", ", cosines.Select(c => c.ToString("0.000")))}]");
        }

        // Unit length, so a dot product is the cosine the index ranks by.
        Assert.InRange(Dot(passages[0].Vector.Span, passages[0].Vector.Span), 0.999f, 1.001f);
    }

    [Fact]
    public void Arctic_TokenizesAsBertUncased_WithClsAndSep()
    {
        var encoder = BuiltInEncoders.Find(BuiltInEncoders.ArcticEmbedXs)!;
        using var model = EmbeddingModel.LoadBuiltIn(encoder, BuiltInEncoders.AssemblyPath(encoder), TinyEmbeddingModel.Options(), NullLogger.Instance);

        // [CLS] hello world [SEP] in the bert-base-uncased vocabulary the model ships with; accents are stripped.
        Assert.Equal([101, 7592, 2088, 102], model.Tokenize("Hello World"));
        Assert.Equal(model.Tokenize("cafe"), model.Tokenize("Café"));
        Assert.Equal(model.Tokenize("naive resume"), model.Tokenize("naïve résumé"));
        Assert.Equal(TinyEmbeddingModel.Options().MaxSequenceLength, model.Tokenize(string.Join(' ', Enumerable.Repeat("tent", 2000))).Count);
    }

    [Fact]
    public async Task QueryPrefix_IsAddedToQueriesOnly()
    {
        var encoder = BuiltInEncoders.Find(BuiltInEncoders.ArcticEmbedXs)!;
        using var model = EmbeddingModel.LoadBuiltIn(encoder, BuiltInEncoders.AssemblyPath(encoder), TinyEmbeddingModel.Options(), NullLogger.Instance);
        var generator = new LocalEmbeddingGenerator(model);

        var asPassage = await generator.GenerateAsync(["where is my order"]);
        var asQuery = await generator.GenerateAsync(["where is my order"], EmbeddingInputs.Query());
        var prefixed = await generator.GenerateAsync([encoder.QueryPrefix + "where is my order"]);

        Assert.NotEqual(asPassage[0].Vector.ToArray(), asQuery[0].Vector.ToArray());
        Assert.InRange(Dot(asQuery[0].Vector.Span, prefixed[0].Vector.Span), 0.9999f, 1.0001f);
    }

    [Fact]
    public void AssemblyWithoutTheResources_IsRefusedNamingTheResource()
    {
        var encoder = BuiltInEncoders.Find(BuiltInEncoders.ArcticEmbedXs)!;
        var folder = Path.Combine(Path.GetTempPath(), "platform-tests", "encoders-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var impostor = Path.Combine(folder, encoder.AssemblyName + ".dll");
        File.Copy(typeof(BuiltInEncoderTests).Assembly.Location, impostor);

        var error = Assert.Throws<ModelLoadException>(() => EmbeddingModel.LoadBuiltIn(encoder, impostor, TinyEmbeddingModel.Options(), NullLogger.Instance));

        Assert.Contains(encoder.ModelResource, error.Message, StringComparison.Ordinal);
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
