using Microsoft.ML.OnnxRuntime;

namespace Platform.Inference.Generation;

/// <summary>
/// The per-step inputs and outputs both cache layouts share, allocated once per decoder: token ids, attention mask and
/// position ids (sized for a whole prompt or a full batch, whichever is larger), and the logits of a full batch.
/// </summary>
internal sealed class StepBuffers
{
    private readonly DecoderSession _session;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    public StepBuffers(DecoderSession session, int maxBatch, int maxLength)
    {
        _session = session;
        Vocab = session.Config.VocabSize;
        InputIds = new long[Math.Max(maxBatch, maxLength)];
        Positions = new long[Math.Max(maxBatch, maxLength)];
        Mask = new long[Math.Max(maxBatch, 1) * maxLength];
        Logits = new float[maxBatch * Vocab];
        _inputs = new OrtValue[session.InputNames.Length];
        _outputs = new OrtValue[session.OutputNames.Length];
    }

    public int Vocab { get; }

    public long[] InputIds { get; }

    public long[] Positions { get; }

    /// <summary>Row after row, each as wide as the step's mask.</summary>
    public long[] Mask { get; }

    public float[] Logits { get; }

    /// <summary>
    /// Writes a whole prompt as one row (positions from 0, mask all ones) and binds it as the first three of
    /// <paramref name="inputs"/>. Returns its length.
    /// </summary>
    public int BindPrompt(ReadOnlySpan<int> tokens, int maxLength, OrtValue[] inputs)
    {
        var length = tokens.Length;
        if (length == 0 || length > maxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), $"A prompt must hold 1 to {maxLength} tokens; it held {length}.");
        }

        for (var i = 0; i < length; i++)
        {
            InputIds[i] = tokens[i];
            Positions[i] = i;
            Mask[i] = 1;
        }

        inputs[0] = DecoderSession.Tensor(InputIds.AsMemory(0, length), 1, length);
        inputs[1] = DecoderSession.Tensor(Mask.AsMemory(0, length), 1, length);
        inputs[2] = DecoderSession.Tensor(Positions.AsMemory(0, length), 1, length);
        return length;
    }

    /// <summary>
    /// Runs one decode step of <paramref name="rows"/> rows over the ids, mask and positions written into these
    /// buffers; <paramref name="cache"/> binds the layout's cache tensors. The logits land in <see cref="Logits"/>.
    /// </summary>
    public ReadOnlySpan<float> RunStep(int rows, int maskWidth, ICacheBinding cache, CancellationToken cancellationToken)
    {
        try
        {
            _inputs[0] = DecoderSession.Tensor(InputIds.AsMemory(0, rows), rows, 1);
            _inputs[1] = DecoderSession.Tensor(Mask.AsMemory(0, rows * maskWidth), rows, maskWidth);
            _inputs[2] = DecoderSession.Tensor(Positions.AsMemory(0, rows), rows, 1);
            cache.BindCache(_inputs, _outputs, rows);
            _outputs[0] = DecoderSession.Tensor(Logits.AsMemory(0, rows * Vocab), rows, 1, Vocab);
            _session.Run(_inputs, _outputs, cancellationToken);
        }
        finally
        {
            DecoderSession.DisposeAll(_inputs);
            DecoderSession.DisposeAll(_outputs);
        }

        return Logits.AsSpan(0, rows * Vocab);
    }
}

/// <summary>A cache layout's part of a decode step: the past inputs (from index 3) and present outputs (from index 1).</summary>
internal interface ICacheBinding
{
    void BindCache(OrtValue[] inputs, OrtValue[] outputs, int rows);
}
