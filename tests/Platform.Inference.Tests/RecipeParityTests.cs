using Platform.Inference.Generation;

namespace Platform.Inference.Tests;

/// <summary>The C# engine against the recipe's own PyTorch outputs for the same tiny models.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class RecipeParityTests(TinyModels models)
{
    [Theory]
    [MemberData(nameof(TinyModels.Architectures), MemberType = typeof(TinyModels))]
    public async Task Tokenizer_EncodesEveryReferenceTextToTheRecipesIds(string architecture)
    {
        await using var model = models.Load(architecture);
        foreach (var reference in models.Reference(architecture))
        {
            var ids = model.Tokenizer.Encode(reference.Text);
            Assert.True(
                reference.InputIds.SequenceEqual(ids),
                $"\"{reference.Text}\"\nrecipe: [{string.Join(", ", reference.InputIds)}]\nengine: [{string.Join(", ", ids)}]");
        }
    }

    [Theory]
    [MemberData(nameof(TinyModels.Architectures), MemberType = typeof(TinyModels))]
    public async Task OnnxRuntimeLogits_MatchPyTorchWithinTolerance(string architecture)
    {
        await using var model = models.Load(architecture);
        foreach (var reference in models.Reference(architecture))
        {
            var logits = await model.Engine.FullSequenceLogitsAsync(reference.InputIds);
            Assert.Equal(reference.LogitsArgmax, TokenSampler.ArgMax(logits));
            for (var i = 0; i < reference.LastLogits.Length; i++)
            {
                Assert.True(
                    Math.Abs(logits[i] - reference.LastLogits[i]) <= 1e-3 + (1e-3 * Math.Abs(reference.LastLogits[i])),
                    $"logit {i}: ONNX Runtime {logits[i]} vs PyTorch {reference.LastLogits[i]} for \"{reference.Text}\"");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TinyModels.Architectures), MemberType = typeof(TinyModels))]
    public async Task GreedyTokens_EqualTheRecipesGreedyTokens(string architecture)
    {
        await using var model = models.Load(architecture);
        foreach (var reference in models.Reference(architecture))
        {
            var settings = new SamplingSettings { MaxNewTokens = reference.GreedyIds.Length };
            var generated = await model.Engine.GenerateAsync(reference.InputIds, settings).ToListAsync();
            Assert.Equal(reference.GreedyIds, generated);
        }
    }

    [Theory]
    [MemberData(nameof(TinyModels.Architectures), MemberType = typeof(TinyModels))]
    public async Task DecodingWithTheCache_EqualsDecodingWithoutIt(string architecture)
    {
        await using var model = models.Load(architecture);
        foreach (var reference in models.Reference(architecture))
        {
            const int steps = 12;
            var cached = await model.Engine.GenerateAsync(reference.InputIds, new SamplingSettings { MaxNewTokens = steps }).ToListAsync();
            var sequence = reference.InputIds.ToList();
            var uncached = new List<int>();
            for (var i = 0; i < steps; i++)
            {
                var next = TokenSampler.ArgMax(await model.Engine.FullSequenceLogitsAsync(sequence));
                uncached.Add(next);
                sequence.Add(next);
            }

            Assert.Equal(uncached, cached);
            Assert.Equal(reference.GreedyIdsNoCache.Take(steps), uncached);
        }
    }
}
