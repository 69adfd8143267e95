using Platform.Inference.Generation;

namespace Platform.Inference.Tests;

/// <summary>
/// The batch cache, driven step by step: rows join and leave a running batch along every path (append in place,
/// re-lay for a longer row, compact in place, re-lay for a shorter batch) and still compute what they would alone.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class OnnxDecoderTests(TinyModels models)
{
    private const int Tokens = 14;

    [Theory]
    [MemberData(nameof(TinyModels.Architectures), MemberType = typeof(TinyModels))]
    public void RowsJoiningAndLeavingARunningBatch_ComputeWhatTheyWouldAlone(string architecture)
    {
        var byLength = models.Reference(architecture).Select(r => r.InputIds).DistinctBy(p => p.Length).OrderBy(p => p.Length).ToList();
        var (shortest, medium, longest) = (byLength[0], byLength[byLength.Count / 2], byLength[^1]);
        Assert.True(longest.Length > medium.Length + 6 && shortest.Length < medium.Length, "the reference prompts must differ enough in length");
        var expected = new[] { medium, shortest, longest }.Select(p => Alone(architecture, p)).ToList();

        using var decoder = Decoder(architecture, maxBatch: 4);
        var rows = new List<(int Prompt, List<int> Tokens, List<float[]> Logits)>();
        void JoinWith(int prompt, int[] ids)
        {
            var logits = decoder.Prefill(ids);
            rows.Add((prompt, [TokenSampler.ArgMax(logits)], [logits]));
            decoder.Join();
        }

        void StepAll(int steps)
        {
            for (var s = 0; s < steps; s++)
            {
                var logits = decoder.Step([.. rows.Select(r => r.Tokens[^1])]);
                for (var r = 0; r < rows.Count; r++)
                {
                    var row = logits.Slice(r * decoder.VocabSize, decoder.VocabSize);
                    rows[r].Tokens.Add(TokenSampler.ArgMax(row));
                    rows[r].Logits.Add(row.ToArray());
                }
            }
        }

        void Leave(int prompt)
        {
            var index = rows.FindIndex(r => r.Prompt == prompt);
            var (alone, aloneLogits) = expected[prompt];
            Assert.Equal(alone.Take(rows[index].Tokens.Count), rows[index].Tokens);

            // Tiny models often repeat one token, so the logits themselves are compared, step by step.
            for (var step = 0; step < rows[index].Logits.Count; step++)
            {
                var difference = aloneLogits[step].Zip(rows[index].Logits[step], (a, b) => Math.Abs(a - b)).Max();
                Assert.True(difference < 1e-3, $"prompt {prompt}, step {step}: logits differ by {difference}");
            }

            decoder.Remove([.. rows.Select((_, i) => i == index)]);
            rows.RemoveAt(index);
        }

        JoinWith(0, medium);
        StepAll(3);
        var past = decoder.PastLength;
        JoinWith(1, shortest);
        Assert.Equal(past, decoder.PastLength);
        StepAll(3);
        JoinWith(2, longest);
        Assert.Equal(longest.Length, decoder.PastLength);
        StepAll(3);
        past = decoder.PastLength;
        Leave(0);
        Assert.Equal(past, decoder.PastLength);
        StepAll(3);
        Leave(2);
        Assert.True(decoder.PastLength < past + 3);
        StepAll(Tokens - rows[0].Tokens.Count);
        Leave(1);
        Assert.Equal(0, decoder.Rows);
    }

    private (List<int> Tokens, List<float[]> Logits) Alone(string architecture, int[] prompt)
    {
        using var decoder = Decoder(architecture, maxBatch: 1);
        var first = decoder.Prefill(prompt);
        var tokens = new List<int> { TokenSampler.ArgMax(first) };
        var logits = new List<float[]> { first };
        decoder.Join();
        while (tokens.Count < Tokens)
        {
            var next = decoder.Step([tokens[^1]]).ToArray();
            tokens.Add(TokenSampler.ArgMax(next));
            logits.Add(next);
        }

        return (tokens, logits);
    }

    private OnnxDecoder Decoder(string architecture, int maxBatch) => Decoders.Open(models.Folder(architecture), maxBatch);
}
