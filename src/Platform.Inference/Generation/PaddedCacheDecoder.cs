using Microsoft.ML.OnnxRuntime;

namespace Platform.Inference.Generation;

/// <summary>
/// The cache layout for a standard decoder-with-past graph, which takes the past and returns past + new as a new
/// present. The cache lives in two sets of buffers allocated once, each sized for the largest batch and context: a
/// step reads the past from one set and ONNX Runtime writes the present straight into the other, so no per-token
/// allocation happens. Rows are left-padded to a common past length; the attention mask hides the padding and
/// position ids count only real tokens, so a row computes exactly what it would alone.
/// </summary>
/// <remarks>Not thread-safe: the generation loop is its only caller.</remarks>
internal sealed class PaddedCacheDecoder : IBatchDecoder, ICacheBinding
{
    private readonly DecoderSession _session;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly int _vocab;
    private readonly float[][] _setA;
    private readonly float[][] _setB;
    private readonly float[][] _prefill;
    private readonly StepBuffers _step;
    private readonly int[] _lengths;
    private float[][] _live;
    private float[][] _spare;

    public PaddedCacheDecoder(DecoderSession session, int maxBatch, int maxLength)
    {
        _session = session;
        var config = session.Config;
        MaxBatch = maxBatch;
        MaxLength = maxLength;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _vocab = config.VocabSize;
        var rowSize = _kvHeads * maxLength * _headDim;
        _setA = DecoderSession.Buffers(session.CacheTensors, maxBatch * rowSize);
        _setB = DecoderSession.Buffers(session.CacheTensors, maxBatch * rowSize);
        _prefill = DecoderSession.Buffers(session.CacheTensors, rowSize);
        _live = _setA;
        _spare = _setB;
        _step = new StepBuffers(session, maxBatch, maxLength);
        _lengths = new int[maxBatch];
    }
    public string Layout => DecoderSession.PaddedLayout;

    public int MaxBatch { get; }

    public int MaxLength { get; }

    public int VocabSize => _vocab;

    public int Rows { get; private set; }

    /// <summary>The common past length of the live batch (the longest row); every row is padded to it.</summary>
    public int PastLength { get; private set; }

    /// <summary>Length of the cache waiting in the prefill buffers.</summary>
    public int PrefillLength { get; private set; }

    /// <summary>Every row is as long as the longest, so all reach the limit together.</summary>
    public bool AtContextLimit(int row) => PastLength + 1 >= MaxLength;

    /// <inheritdoc />
    public float[] Prefill(ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        var values = new OrtValue[_session.InputNames.Length];
        try
        {
            var length = _step.BindPrompt(tokens, MaxLength, values);
            for (var i = 0; i < _prefill.Length; i++)
            {
                values[3 + i] = DecoderSession.Tensor(_prefill[i].AsMemory(0, 0), 1, _kvHeads, 0, _headDim);
            }

            // Logits of a long prompt are prompt x vocab floats; ONNX Runtime allocates them, and only the last row is kept.
            using var results = _session.Run(values, cancellationToken);
            var logits = results[0].GetTensorDataAsSpan<float>();
            var last = logits.Slice((length - 1) * _vocab, _vocab).ToArray();
            for (var i = 0; i < _prefill.Length; i++)
            {
                results[i + 1].GetTensorDataAsSpan<float>().CopyTo(_prefill[i]);
            }

            PrefillLength = length;
            return last;
        }
        finally
        {
            DecoderSession.DisposeAll(values);
        }
    }

    /// <inheritdoc />
    public void Join()
    {
        if (Rows >= MaxBatch)
        {
            throw new InvalidOperationException("The batch is full.");
        }

        if (PrefillLength <= PastLength)
        {
            // The new row fits the current layout: append it, nothing else moves.
            for (var t = 0; t < _live.Length; t++)
            {
                CopyRow(_prefill[t], 0, PrefillLength, PrefillLength, _live[t], Rows, PastLength);
            }
        }
        else
        {
            // A longer row widens every row's padding: lay the batch out again in the spare buffers.
            for (var t = 0; t < _live.Length; t++)
            {
                for (var r = 0; r < Rows; r++)
                {
                    CopyRow(_live[t], r, PastLength, _lengths[r], _spare[t], r, PrefillLength);
                }

                CopyRow(_prefill[t], 0, PrefillLength, PrefillLength, _spare[t], Rows, PrefillLength);
            }

            PastLength = PrefillLength;
            (_live, _spare) = (_spare, _live);
        }

        _lengths[Rows] = PrefillLength;
        Rows++;
    }

    /// <summary>Drops the rows whose flag is set, keeping the others in order, and trims padding nobody needs.</summary>
    public void Remove(ReadOnlySpan<bool> remove)
    {
        var keep = new List<int>(Rows);
        for (var r = 0; r < Rows; r++)
        {
            if (!remove[r])
            {
                keep.Add(r);
            }
        }

        if (keep.Count == Rows)
        {
            return;
        }

        var newPast = 0;
        foreach (var r in keep)
        {
            newPast = Math.Max(newPast, _lengths[r]);
        }

        if (newPast == PastLength)
        {
            // Same layout: slide the kept rows down in place (rows only move to lower offsets, so nothing is overwritten early).
            var rowSize = _kvHeads * PastLength * _headDim;
            for (var t = 0; t < _live.Length; t++)
            {
                for (var i = 0; i < keep.Count; i++)
                {
                    if (keep[i] != i)
                    {
                        Array.Copy(_live[t], keep[i] * rowSize, _live[t], i * rowSize, rowSize);
                    }
                }
            }
        }
        else
        {
            for (var t = 0; t < _live.Length; t++)
            {
                for (var i = 0; i < keep.Count; i++)
                {
                    CopyRow(_live[t], keep[i], PastLength, _lengths[keep[i]], _spare[t], i, newPast);
                }
            }

            (_live, _spare) = (_spare, _live);
        }

        for (var i = 0; i < keep.Count; i++)
        {
            _lengths[i] = _lengths[keep[i]];
        }

        Rows = keep.Count;
        PastLength = newPast;
    }

    /// <inheritdoc />
    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        var rows = Rows;
        if (tokens.Length != rows)
        {
            throw new ArgumentException($"One token per row is needed ({rows}); got {tokens.Length}.", nameof(tokens));
        }

        if (PastLength + 1 > MaxLength)
        {
            throw new InvalidOperationException($"The batch reached the context limit of {MaxLength} tokens.");
        }

        var total = PastLength + 1;
        for (var r = 0; r < rows; r++)
        {
            _step.InputIds[r] = tokens[r];
            _step.Positions[r] = _lengths[r];
            var pad = PastLength - _lengths[r];
            var mask = _step.Mask.AsSpan(r * total, total);
            mask[..pad].Clear();
            mask[pad..].Fill(1);
        }

        var logits = _step.RunStep(rows, total, this, cancellationToken);
        for (var r = 0; r < rows; r++)
        {
            _lengths[r]++;
        }

        PastLength = total;
        (_live, _spare) = (_spare, _live);
        return logits;
    }

    /// <summary>The past from the live set, the present (past + new) into the spare set.</summary>
    void ICacheBinding.BindCache(OrtValue[] inputs, OrtValue[] outputs, int rows)
    {
        var past = PastLength;
        var pastSize = rows * _kvHeads * past * _headDim;
        var presentSize = rows * _kvHeads * (past + 1) * _headDim;
        for (var t = 0; t < _live.Length; t++)
        {
            inputs[3 + t] = DecoderSession.Tensor(_live[t].AsMemory(0, pastSize), rows, _kvHeads, past, _headDim);
            outputs[1 + t] = DecoderSession.Tensor(_spare[t].AsMemory(0, presentSize), rows, _kvHeads, past + 1, _headDim);
        }
    }

    public void Dispose() => _session.Dispose();

    /// <summary>Copies a row's real tokens (the last <paramref name="length"/> of its past) right-aligned into another layout.</summary>
    private void CopyRow(float[] source, int sourceRow, int sourcePast, int length, float[] target, int targetRow, int targetPast)
    {
        for (var h = 0; h < _kvHeads; h++)
        {
            var from = ((((sourceRow * _kvHeads) + h) * sourcePast) + (sourcePast - length)) * _headDim;
            var to = ((((targetRow * _kvHeads) + h) * targetPast) + (targetPast - length)) * _headDim;
            Array.Copy(source, from, target, to, length * _headDim);
        }
    }
}
