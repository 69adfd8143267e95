using Platform.Inference.Loading;

namespace Platform.Inference.Generation;

/// <summary>Picks the cache layout the graph was exported for, from its <see cref="DecoderSession.KvLayoutKey"/> metadata.</summary>
internal static class DecoderFactory
{
    public static IBatchDecoder Create(DecoderSession session, int maxBatch, int maxLength) => session.KvLayout switch
    {
        null => new PaddedCacheDecoder(session, maxBatch, maxLength),
        DecoderSession.SharedBufferLayout => new SharedCacheDecoder(session, maxBatch, maxLength),
        var other => throw new ModelLoadException(
            $"model.onnx declares the KV cache layout \"{other}\" ({DecoderSession.KvLayoutKey}); this engine knows \"{DecoderSession.SharedBufferLayout}\" and the standard layout (no declaration)."),
    };
}
