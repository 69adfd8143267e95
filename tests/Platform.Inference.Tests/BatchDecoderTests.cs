using Platform.Inference.Generation;
using Platform.Inference.Loading;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>
/// The batch cache of both layouts, driven step by step: rows join and leave a running batch along every path (for
/// the padded layout: append in place, re-lay for a longer row, compact in place, re-lay for a shorter batch; for the
/// shared layout: prefill into the next slot, move later rows down) and still compute what they would alone.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class BatchDecoderTests(TinyModels models)
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

    [Theory]
    [InlineData(TinyModels.Llama, typeof(SharedCacheDecoder))]
    [InlineData(TinyModels.Gpt2, typeof(SharedCacheDecoder))]
    [InlineData(TinyModels.LlamaStandard, typeof(PaddedCacheDecoder))]
    [InlineData(TinyModels.Gpt2Standard, typeof(PaddedCacheDecoder))]
    public void EachExport_GetsTheDecoderForItsCacheLayout(string variant, Type expected)
    {
        using var decoder = Decoder(variant, maxBatch: 1);
        Assert.IsType(expected, decoder);
    }

    [Theory]
    [InlineData(TinyModels.Llama)]
    [InlineData(TinyModels.Gpt2)]
    public void SharedCache_AShortRowKeepsDecodingWhenALongRowReachesTheContextLimit(string variant)
    {
        var byLength = models.Reference(variant).Select(r => r.InputIds).OrderBy(p => p.Length).ToList();
        var (shortest, longest) = (byLength[0], byLength[^1]);
        var maxLength = longest.Length + 3;
        var alone = Alone(variant, shortest, maxLength - shortest.Length);

        using var decoder = Decoders.Open(models.Folder(variant), maxBatch: 2, maxLength);
        var tokens = new List<int>[2];
        tokens[0] = [TokenSampler.ArgMax(decoder.Prefill(longest))];
        decoder.Join();
        tokens[1] = [TokenSampler.ArgMax(decoder.Prefill(shortest))];
        decoder.Join();
        while (!decoder.AtContextLimit(0))
        {
            var logits = decoder.Step([tokens[0][^1], tokens[1][^1]]);
            for (var r = 0; r < 2; r++)
            {
                tokens[r].Add(TokenSampler.ArgMax(logits.Slice(r * decoder.VocabSize, decoder.VocabSize)));
            }
        }

        Assert.Equal(maxLength - 1, longest.Length + tokens[0].Count - 1);
        Assert.False(decoder.AtContextLimit(1));
        decoder.Remove([true, false]);
        while (!decoder.AtContextLimit(0))
        {
            tokens[1].Add(TokenSampler.ArgMax(decoder.Step([tokens[1][^1]])));
        }

        Assert.Equal(alone.Tokens, tokens[1]);
    }

    [Fact]
    public async Task UnknownCacheLayout_IsRefusedNamingTheLayout()
    {
        var copy = ModelFolders.Copy(models.Folder(TinyModels.Llama));

        // Same length, so the metadata string stays a valid protobuf field: a layout this engine does not know.
        var graph = await File.ReadAllBytesAsync(Path.Combine(copy, "model.onnx"));
        var at = graph.AsSpan().IndexOf("shared-buffer"u8);
        Assert.True(at >= 0, "the fused export declares its layout");
        "paged-blocks!"u8.CopyTo(graph.AsSpan(at));
        await File.WriteAllBytesAsync(Path.Combine(copy, "model.onnx"), graph);

        var refused = Assert.Throws<ModelLoadException>(() => Decoders.Open(copy, maxBatch: 1));
        Assert.Contains("\"paged-blocks!\"", refused.Message, StringComparison.Ordinal);
        Directory.Delete(copy, recursive: true);
    }

    private (List<int> Tokens, List<float[]> Logits) Alone(string architecture, int[] prompt, int count = Tokens)
    {
        using var decoder = Decoder(architecture, maxBatch: 1);
        var first = decoder.Prefill(prompt);
        var tokens = new List<int> { TokenSampler.ArgMax(first) };
        var logits = new List<float[]> { first };
        decoder.Join();
        while (tokens.Count < count)
        {
            var next = decoder.Step([tokens[^1]]).ToArray();
            tokens.Add(TokenSampler.ArgMax(next));
            logits.Add(next);
        }

        return (tokens, logits);
    }

    private IBatchDecoder Decoder(string architecture, int maxBatch) => Decoders.Open(models.Folder(architecture), maxBatch);
}
