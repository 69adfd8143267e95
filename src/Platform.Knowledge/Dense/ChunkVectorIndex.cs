using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Platform.Data;

namespace Platform.Knowledge.Dense;

/// <summary>
/// The dense half of retrieval: each knowledge base's chunk vectors held in memory as one contiguous array, searched
/// exhaustively by dot product (the vectors are L2-normalised, so that is the cosine). Exhaustive is exact, and at
/// 100k chunks of 256 floats it is a 100 MB scan of a few milliseconds; an approximate index is the next step past
/// that. The cache is keyed by the knowledge base's version, so any ingestion, delete or rollback reloads it.
/// </summary>
public sealed class ChunkVectorIndex(IDbContextFactory<PlatformDbContext> contextFactory)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<Snapshot>>> _snapshots = new();

    public async Task<IReadOnlyList<(long ChunkId, float Similarity)>> SearchAsync(
        Guid knowledgeBaseId, string model, ReadOnlyMemory<float> query, int count, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(knowledgeBaseId, model, cancellationToken);
        if (snapshot.ChunkIds.Length == 0 || snapshot.Dimensions != query.Length)
        {
            return [];
        }

        // A bounded min-heap keeps the best `count` without sorting every score.
        var best = new PriorityQueue<long, float>(count + 1);
        var vectors = snapshot.Vectors;
        var q = query.Span;
        for (var i = 0; i < snapshot.ChunkIds.Length; i++)
        {
            var similarity = TensorPrimitives.Dot(q, vectors.AsSpan(i * snapshot.Dimensions, snapshot.Dimensions));
            if (best.Count < count)
            {
                best.Enqueue(snapshot.ChunkIds[i], similarity);
            }
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
            {
                best.EnqueueDequeue(snapshot.ChunkIds[i], similarity);
            }
        }

        var results = new List<(long, float)>(best.Count);
        while (best.TryDequeue(out var id, out var similarity))
        {
            results.Add((id, similarity));
        }

        results.Reverse();
        return results;
    }

    private async Task<Snapshot> GetAsync(Guid knowledgeBaseId, string model, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.KnowledgeBases.Where(k => k.Id == knowledgeBaseId).Select(k => k.Version).SingleOrDefaultAsync(cancellationToken);
        while (true)
        {
            var entry = _snapshots.GetOrAdd(knowledgeBaseId, _ => new Lazy<Task<Snapshot>>(() => LoadAsync(knowledgeBaseId, model, version)));
            var snapshot = await entry.Value;
            if (snapshot.Version == version && snapshot.Model == model)
            {
                return snapshot;
            }

            _snapshots.TryRemove(new KeyValuePair<Guid, Lazy<Task<Snapshot>>>(knowledgeBaseId, entry));
        }
    }

    /// <summary>Drops a knowledge base's vectors, so the next search reloads them (after vectors were added without a version change).</summary>
    public void Invalidate(Guid knowledgeBaseId) => _snapshots.TryRemove(knowledgeBaseId, out _);

    private async Task<Snapshot> LoadAsync(Guid knowledgeBaseId, string model, int version)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var rows = await db.ChunkEmbeddings.AsNoTracking()
            .Where(e => e.Model == model && db.Chunks.Any(c => c.Id == e.ChunkId && c.Document!.KnowledgeBaseId == knowledgeBaseId))
            .OrderBy(e => e.ChunkId)
            .Select(e => new { e.ChunkId, e.Vector })
            .ToListAsync();
        var dimensions = rows.Count == 0 ? 0 : rows[0].Vector.Length / sizeof(float);
        var vectors = new float[rows.Count * dimensions];
        var ids = new long[rows.Count];
        var kept = 0;
        foreach (var row in rows)
        {
            if (row.Vector.Length != dimensions * sizeof(float))
            {
                continue;
            }

            MemoryMarshal.Cast<byte, float>(row.Vector).CopyTo(vectors.AsSpan(kept * dimensions, dimensions));
            ids[kept++] = row.ChunkId;
        }

        return new Snapshot(version, model, dimensions, ids[..kept], vectors);
    }

    private sealed record Snapshot(int Version, string Model, int Dimensions, long[] ChunkIds, float[] Vectors);
}
