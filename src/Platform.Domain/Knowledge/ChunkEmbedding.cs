namespace Platform.Domain.Knowledge;

/// <summary>A chunk's dense vector from the configured embedding model, for the dense half of hybrid retrieval.</summary>
public sealed class ChunkEmbedding
{
    public long ChunkId { get; set; }

    /// <summary>Which model produced <see cref="Vector"/>; vectors of another model are recomputed, never mixed.</summary>
    public required string Model { get; set; }

    /// <summary>Little-endian float32 components, L2-normalised.</summary>
    public required byte[] Vector { get; set; }
}
