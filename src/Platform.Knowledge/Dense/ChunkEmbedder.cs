using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Dense;

/// <summary>
/// Turns chunks into vectors with the configured embedding model, when there is one. A chunk is embedded with its
/// title and heading path, as a reader would see it, so "Returns > Sale items" carries meaning its body may lack.
/// </summary>
public sealed class ChunkEmbedder(IEmbeddingGenerator<string, Embedding<float>>? generator = null)
{
    public bool IsEnabled => generator is not null;

    /// <summary>The model id vectors are stored under; empty when there is no model.</summary>
    public string Model => generator?.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? (generator is null ? string.Empty : "embedding");

    public static string TextOf(string title, string headingPath, string text) =>
        headingPath.Length == 0 ? $"{title}\n{text}" : $"{title} > {headingPath}\n{text}";

    /// <summary>One vector per text, as little-endian float bytes; empty when there is no model.</summary>
    public async Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (generator is null || texts.Count == 0)
        {
            return [];
        }

        var embeddings = await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
        return [.. embeddings.Select(e => MemoryMarshal.AsBytes(e.Vector.Span).ToArray())];
    }

    public async Task<ReadOnlyMemory<float>?> EmbedQueryAsync(string query, CancellationToken cancellationToken)
    {
        if (generator is null)
        {
            return null;
        }

        return (await generator.GenerateAsync([query], cancellationToken: cancellationToken))[0].Vector;
    }

    public List<ChunkEmbedding> ToRows(IReadOnlyList<Chunk> chunks, IReadOnlyList<byte[]> vectors) =>
        vectors.Count != chunks.Count ? [] : [.. chunks.Select((c, i) => new ChunkEmbedding { ChunkId = c.Id, Model = Model, Vector = vectors[i] })];
}
