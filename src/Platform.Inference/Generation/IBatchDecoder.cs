namespace Platform.Inference.Generation;

/// <summary>
/// One ONNX decoder session and the KV cache of the sequences it decodes together. The generation loop is the only
/// caller: it prefills a prompt, lets it join the batch, steps every row at once and removes rows that finished.
/// </summary>
/// <remarks>
/// Two cache layouts exist because model folders export attention in two ways (see <see cref="DecoderFactory"/>):
/// <see cref="PaddedCacheDecoder"/> for the standard decoder-with-past graph, <see cref="SharedCacheDecoder"/> for a
/// graph whose fused attention writes into the cache in place.
/// </remarks>
internal interface IBatchDecoder : IDisposable
{
    /// <summary>The cache layout's name: <see cref="DecoderSession.SharedBufferLayout"/> or <see cref="DecoderSession.PaddedLayout"/>.</summary>
    string Layout { get; }

    int MaxBatch { get; }

    /// <summary>The context length: no row may hold more tokens than this.</summary>
    int MaxLength { get; }

    int VocabSize { get; }

    /// <summary>Rows in the live batch.</summary>
    int Rows { get; }

    /// <summary>The longest row's cached length.</summary>
    int PastLength { get; }

    /// <summary>Whether row <paramref name="row"/> can take no further step without passing <see cref="MaxLength"/>.</summary>
    bool AtContextLimit(int row);

    /// <summary>
    /// Processes a whole prompt with an empty past and keeps its cache ready to <see cref="Join"/> the batch.
    /// Returns the logits of the last position.
    /// </summary>
    float[] Prefill(ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default);

    /// <summary>Adds the sequence just prefilled as the last row of the batch.</summary>
    void Join();

    /// <summary>Drops the rows whose flag is set, keeping the others in order.</summary>
    void Remove(ReadOnlySpan<bool> remove);

    /// <summary>Feeds one token per row and returns the logits, row after row (<c>Rows x vocab</c>).</summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default);
}
