using Platform.Inference.Generation;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>
/// Every cached decode step against PyTorch's, by the sum of the step's logits: greedy tokens alone can hide a cache
/// bug when a model keeps choosing the same token. Runs on the tiny models and on the shipped model.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class CachedStepParityTests(TinyModels models)
{
    public static TheoryData<string> Folders => [TinyModels.Llama, TinyModels.Gpt2, TinyModels.LlamaStandard, TinyModels.Gpt2Standard, "shipped"];

    [Theory]
    [MemberData(nameof(Folders))]
    public void EachCachedStep_GivesPyTorchsLogits(string which)
    {
        var folder = which == "shipped" ? Path.Combine(RepositoryPaths.Root, "models", "support-gpt") : models.Folder(which);
        foreach (var reference in ReferenceCase.ReadFile(Path.Combine(folder, "reference.json")))
        {
            using var decoder = Decoders.Open(folder, maxBatch: 1);
            var logits = decoder.Prefill(reference.InputIds);
            decoder.Join();
            for (var step = 0; step < reference.GreedyStepLogitSums.Length; step++)
            {
                var sum = logits.Sum(v => (double)v);
                var expected = reference.GreedyStepLogitSums[step];
                Assert.True(Math.Abs(sum - expected) <= 0.05 + (1e-4 * Math.Abs(expected)), $"\"{reference.Text}\" step {step}: {sum} vs PyTorch {expected}");
                Assert.Equal(reference.GreedyIds[step], TokenSampler.ArgMax(logits));
                if (step + 1 < reference.GreedyStepLogitSums.Length)
                {
                    logits = decoder.Step([reference.GreedyIds[step]]).ToArray();
                }
            }
        }
    }
}
