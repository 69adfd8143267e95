using Microsoft.ML.OnnxRuntime;

namespace Platform.Inference.Generation;

/// <summary>
/// The cache layout for a graph whose attention is a fused <c>GroupQueryAttention</c> node that writes new keys and
/// values into the cache in place (the recipe's fused export, and onnxruntime-genai's layout). Each cache tensor is
/// one buffer of <c>[MaxBatch + 1, kv heads, MaxLength, head dim]</c>, bound as both the past input and the present
/// output, so a step copies no cache at all. Rows are right-padded: row r's cache is its first <c>length[r]</c>
/// positions, the attention mask tells the graph each row's length, and rows of different lengths decode together
/// without being laid out again. A prompt is prefilled straight into the slot after the last row, so joining copies
/// nothing either; only removing a row moves the rows after it down, once per finished sequence.
/// </summary>
/// <remarks>Not thread-safe: the generation loop is its only caller.</remarks>
internal sealed class SharedCacheDecoder : IBatchDecoder, ICacheBinding
{
    private readonly DecoderSession _session;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly int _vocab;
    private readonly int _rowSize;
    private readonly float[][] _cache;
    private readonly StepBuffers _step;
    private readonly int[] _lengths;
    private float[] _promptLogits = [];

    public SharedCacheDecoder(DecoderSession session, int maxBatch, int maxLength)
    {
        _session = session;
        var config = session.Config;
        MaxBatch = maxBatch;
        MaxLength = maxLength;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        _vocab = config.VocabSize;
        _rowSize = _kvHeads * maxLength * _headDim;

        // One slot more than the batch holds: a prompt is prefilled into the slot after the last row, even when the
        // batch is full (the tests' no-cache reference path prefills at any time).
        _cache = DecoderSession.Buffers(session.CacheTensors, (maxBatch + 1) * _rowSize);
        _step = new StepBuffers(session, maxBatch, maxLength);
        _lengths = new int[maxBatch + 1];
    }

    public string Layout => DecoderSession.SharedBufferLayout;

    public int MaxBatch { get; }

    public int MaxLength { get; }

    public int VocabSize => _vocab;

    public int Rows { get; private set; }

    public int PastLength { get; private set; }

    /// <summary>Rows keep their own lengths, so a short row is not held back by a long one.</summary>
    public bool AtContextLimit(int row) => _lengths[row] + 1 >= MaxLength;

    /// <inheritdoc />
    public float[] Prefill(ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        var slot = Rows;
        var values = new OrtValue[_session.InputNames.Length];
        var outputs = new OrtValue[_session.OutputNames.Length];
        try
        {
            var length = _step.BindPrompt(tokens, MaxLength, values);
            BindCache(values, outputs, slot, rows: 1);

            // Logits of a prompt are prompt x vocab floats; only the last row is kept, so the buffer is reused and
            // grows only when a longer prompt comes.
            if (_promptLogits.Length < length * _vocab)
            {
                _promptLogits = new float[length * _vocab];
            }

            outputs[0] = DecoderSession.Tensor(_promptLogits.AsMemory(0, length * _vocab), 1, length, _vocab);
            _session.Run(values, outputs, cancellationToken);
            _lengths[slot] = length;
            return _promptLogits.AsSpan((length - 1) * _vocab, _vocab).ToArray();
        }
        finally
        {
            DecoderSession.DisposeAll(values);
            DecoderSession.DisposeAll(outputs);
        }
    }

    /// <inheritdoc />
    public void Join()
    {
        if (Rows >= MaxBatch)
        {
            throw new InvalidOperationException("The batch is full.");
        }

        // The prompt's cache is already in this row's slot.
        PastLength = Math.Max(PastLength, _lengths[Rows]);
        Rows++;
    }

    /// <inheritdoc />
    public void Remove(ReadOnlySpan<bool> remove)
    {
        var kept = 0;
        for (var r = 0; r < Rows; r++)
        {
            if (remove[r])
            {
                continue;
            }

            if (kept != r)
            {
                MoveRow(r, kept);
            }

            kept++;
        }

        Rows = kept;
        PastLength = 0;
        for (var r = 0; r < Rows; r++)
        {
            PastLength = Math.Max(PastLength, _lengths[r]);
        }
    }

    /// <inheritdoc />
    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        var rows = Rows;
        if (tokens.Length != rows)
        {
            throw new ArgumentException($"One token per row is needed ({rows}); got {tokens.Length}.", nameof(tokens));
        }

        for (var r = 0; r < rows; r++)
        {
            if (_lengths[r] + 1 > MaxLength)
            {
                throw new InvalidOperationException($"Row {r} reached the context limit of {MaxLength} tokens.");
            }
        }

        // The mask is right-padded: its row sums are what the graph reads as each row's length.
        var total = PastLength + 1;
        for (var r = 0; r < rows; r++)
        {
            _step.InputIds[r] = tokens[r];
            _step.Positions[r] = _lengths[r];
            var mask = _step.Mask.AsSpan(r * total, total);
            mask[..(_lengths[r] + 1)].Fill(1);
            mask[(_lengths[r] + 1)..].Clear();
        }

        var logits = _step.RunStep(rows, total, this, cancellationToken);
        for (var r = 0; r < rows; r++)
        {
            _lengths[r]++;
        }

        PastLength = total;
        return logits;
    }

    public void Dispose() => _session.Dispose();

    void ICacheBinding.BindCache(OrtValue[] inputs, OrtValue[] outputs, int rows) => BindCache(inputs, outputs, firstRow: 0, rows);

    /// <summary>Binds the same memory as past input and present output: the graph appends in place when both are one buffer.</summary>
    private void BindCache(OrtValue[] inputs, OrtValue[] outputs, int firstRow, int rows)
    {
        for (var t = 0; t < _cache.Length; t++)
        {
            var memory = _cache[t].AsMemory(firstRow * _rowSize, rows * _rowSize);
            inputs[3 + t] = DecoderSession.Tensor(memory, rows, _kvHeads, MaxLength, _headDim);
            outputs[1 + t] = DecoderSession.Tensor(memory, rows, _kvHeads, MaxLength, _headDim);
        }
    }

    private void MoveRow(int from, int to)
    {
        var length = _lengths[from] * _headDim;
        for (var t = 0; t < _cache.Length; t++)
        {
            for (var h = 0; h < _kvHeads; h++)
            {
                var headOffset = h * MaxLength * _headDim;
                Array.Copy(_cache[t], (from * _rowSize) + headOffset, _cache[t], (to * _rowSize) + headOffset, length);
            }
        }

        _lengths[to] = _lengths[from];
    }
}
