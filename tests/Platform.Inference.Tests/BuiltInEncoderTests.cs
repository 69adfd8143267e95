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
    public async Task Int8Weights_GiveVectorsWithinAHundredthOfTheFloatGraphs_AndTheSameVectorWhateverTheTextIsEncodedWith()
    {
        var encoder = BuiltInEncoders.Find(BuiltInEncoders.ArcticEmbedXs)!;
        var path = BuiltInEncoders.AssemblyPath(encoder);
        var floatOptions = TinyEmbeddingModel.Options();
        floatOptions.Int8Weights = false;
        using var exact = EmbeddingModel.LoadBuiltIn(encoder, path, floatOptions, NullLogger.Instance);
        using var int8 = EmbeddingModel.LoadBuiltIn(encoder, path, TinyEmbeddingModel.Options(), NullLogger.Instance);

        var expected = await new LocalEmbeddingGenerator(exact).GenerateAsync(Passages);
        var together = await new LocalEmbeddingGenerator(int8).GenerateAsync(Passages);
        var reversed = await new LocalEmbeddingGenerator(int8).GenerateAsync([.. Passages.Reverse()]);

        // ONNX Runtime quantises a run's activations with one scale, so int8 runs one text at a time: otherwise a
        // chunk's vector would depend on the chunks that happened to be embedded with it.
        Assert.Equal(1, int8.MaxBatchSize);
        Assert.Equal(floatOptions.MaxBatchSize, exact.MaxBatchSize);
        for (var i = 0; i < Passages.Length; i++)
        {
            var alone = await new LocalEmbeddingGenerator(int8).GenerateAsync([Passages[i]]);
            Assert.InRange(Dot(expected[i].Vector.Span, together[i].Vector.Span), 0.99f, 1.001f);
            Assert.Equal(alone[0].Vector.ToArray(), together[i].Vector.ToArray());
            Assert.Equal(alone[0].Vector.ToArray(), reversed[Passages.Length - 1 - i].Vector.ToArray());
        }
    }

    [Fact]
    public void Int8Weights_RewritesEveryMatMulOfArctic_AndKeepsEachWeightWithinHalfAStep()
    {
        var encoder = BuiltInEncoders.Find(BuiltInEncoders.ArcticEmbedXs)!;
        var (model, _) = BuiltInEncoders.ReadResources(encoder, BuiltInEncoders.AssemblyPath(encoder));

        var (rewritten, quantized) = Int8Weights.Quantize(model);

        // 6 layers x (query, key, value, output, two feed-forward) products.
        Assert.Equal(36, quantized);
        Assert.True(rewritten.Length < model.Length * 0.7, $"{rewritten.Length} bytes of {model.Length}");
        var weight = new Onnx.TensorProto { Name = "w", DataType = (int)Onnx.TensorProto.Types.DataType.Float };
        weight.Dims.AddRange([2, 3]);
        weight.FloatData.AddRange([0.5f, -1f, 0f, -0.25f, 0.5f, 0f]);
        var (codes, scales) = Int8Weights.QuantizeColumns(weight);
        var scale = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(scales.RawData.Span).ToArray();
        var code = codes.RawData.Span.ToArray().Select(b => (int)unchecked((sbyte)b)).ToArray();
        Assert.Equal([0.5f / 127, 1f / 127, 1f], scale);
        Assert.Equal([127, -127, 0, -64, 64, 0], code);
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
