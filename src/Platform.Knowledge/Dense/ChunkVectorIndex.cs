using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Platform.Data;

namespace Platform.Knowledge.Dense;

/// <summary>
/// The dense half of retrieval: each knowledge base's vectors (a passage vector per chunk, and a heading vector for
/// FAQ entries) held in memory as int8 codes with a scale per row, one contiguous array, and searched exhaustively by
/// dot product (the vectors are L2-normalised, so that is the cosine, to about 0.002); a chunk scores the better of
/// its two. The store keeps the float32 vectors; memory holds a quarter of them, because an exhaustive scan is bound
/// by memory bandwidth: 200,000 rows of 384 floats were a 295 MB read per query, the codes are 77 MB. Split across
/// the cores above <see cref="ParallelRows"/> rows (docs/benchmarks.md has the figures); past about a million rows an
/// approximate index (HNSW) would be needed. The cache is keyed by the
/// knowledge base's version, so any ingestion, delete or rollback reloads it, and the embedding worker refreshes it as
/// vectors land.
/// </summary>
public sealed class ChunkVectorIndex(IDbContextFactory<PlatformDbContext> contextFactory)
{
    /// <summary>Below this many rows one core scans faster than several can be started.</summary>
    public const int ParallelRows = 16_384;

    private static readonly TimeSpan IncompleteLifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Lazy<Task<Snapshot>>> _snapshots = new();

    public async Task<IReadOnlyList<(long ChunkId, float Similarity)>> SearchAsync(
        Guid knowledgeBaseId, string model, ReadOnlyMemory<float> query, int count, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(knowledgeBaseId, model, cancellationToken);
        return snapshot.Rows == 0 || snapshot.Dimensions != query.Length
            ? []
            : Search(query.Span, snapshot.Codes, snapshot.Scales, snapshot.ChunkIds, snapshot.Dimensions, count);
    }

    /// <summary>
    /// The search a question makes: null, without asking for the query's vector, while some chunk of the knowledge base
    /// has no passage vector from <paramref name="model"/> (lexical ranking answers alone meanwhile); otherwise the best
    /// <paramref name="count"/> chunks for the vector <paramref name="embedQuery"/> gives. One snapshot, one version read.
    /// </summary>
    public async Task<IReadOnlyList<(long ChunkId, float Similarity)>?> SearchIfCompleteAsync(
        Guid knowledgeBaseId, string model, Func<CancellationToken, Task<ReadOnlyMemory<float>?>> embedQuery, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(embedQuery);
        var snapshot = await GetAsync(knowledgeBaseId, model, cancellationToken);
        if (!snapshot.Complete)
        {
            return null;
        }

        return await embedQuery(cancellationToken) is { } query && snapshot.Rows > 0 && snapshot.Dimensions == query.Length
            ? Search(query.Span, snapshot.Codes, snapshot.Scales, snapshot.ChunkIds, snapshot.Dimensions, count)
            : [];
    }

    /// <summary>Rows and bytes the knowledge base's vectors take in memory (loading them if they are not yet).</summary>
    public async Task<(int Rows, long Bytes)> MemoryAsync(Guid knowledgeBaseId, string model, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(knowledgeBaseId, model, cancellationToken);
        return (snapshot.Rows, snapshot.Codes.LongLength + (snapshot.Scales.LongLength * sizeof(float)) + (snapshot.ChunkIds.LongLength * sizeof(long)));
    }

    /// <summary>Drops a knowledge base's vectors, so the next search reloads them (after vectors were added without a version change).</summary>
    public void Invalidate(Guid knowledgeBaseId) => _snapshots.TryRemove(knowledgeBaseId, out _);

    /// <summary>
    /// Symmetric int8 codes of a row: <c>vector ≈ scale × codes</c>, with the scale the largest magnitude over 127.
    /// A dot product of two coded vectors is then an integer dot product times both scales.
    /// </summary>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        // MaxMagnitude returns the component itself, sign included.
        var largest = MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        var scale = largest > 0 ? largest / 127f : 1f;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127f, 127f);
        }

        return scale;
    }

    /// <summary>The best <paramref name="count"/> chunks for a normalised query over row-major int8 codes; a chunk may own several rows.</summary>
    internal static List<(long ChunkId, float Similarity)> Search(
        ReadOnlySpan<float> query, sbyte[] codes, float[] scales, long[] chunkIds, int dimensions, int count)
    {
        var coded = new sbyte[dimensions];
        var queryScale = Quantize(query, coded);

        var rows = chunkIds.Length;
        // 800 KB at 200,000 rows: rented, so a query does not put a large-object allocation on the GC every time.
        var scores = ArrayPool<float>.Shared.Rent(rows);
        try
        {
            if (rows < ParallelRows)
            {
                Score(coded, queryScale, codes, scales, dimensions, 0, rows, scores);
            }
            else
            {
                var parts = Math.Min(Environment.ProcessorCount, 8);
                var size = (rows + parts - 1) / parts;
                Parallel.For(0, parts, p => Score(coded, queryScale, codes, scales, dimensions, p * size, Math.Min(rows, (p + 1) * size), scores));
            }

            return Best(scores, rows, chunkIds, count);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>The best <paramref name="count"/> chunks by the better of their rows' scores (the first <paramref name="rows"/> of <paramref name="scores"/>).</summary>
    private static List<(long ChunkId, float Similarity)> Best(float[] scores, int rows, long[] chunkIds, int count)
    {
        // A chunk has at most two rows, so twice as many best rows always hold `count` chunks.
        var rowsWanted = count * 2;
        // A bounded min-heap keeps the best rows without sorting every score.
        var best = new PriorityQueue<int, float>(rowsWanted + 1);
        for (var i = 0; i < rows; i++)
        {
            if (best.Count < rowsWanted)
            {
                best.Enqueue(i, scores[i]);
            }
            else if (best.TryPeek(out _, out var worst) && scores[i] > worst)
            {
                best.EnqueueDequeue(i, scores[i]);
            }
        }

        var byChunk = new Dictionary<long, float>();
        while (best.TryDequeue(out var row, out var similarity))
        {
            byChunk[chunkIds[row]] = Math.Max(similarity, byChunk.GetValueOrDefault(chunkIds[row], float.MinValue));
        }

        return [.. byChunk.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(count).Select(p => (p.Key, p.Value))];
    }

    private static void Score(sbyte[] query, float queryScale, sbyte[] codes, float[] scales, int dimensions, int from, int to, float[] into)
    {
        for (var i = from; i < to; i++)
        {
            into[i] = Int8Dot.Dot(query, codes.AsSpan(i * dimensions, dimensions)) * queryScale * scales[i];
        }
    }

    private async Task<Snapshot> GetAsync(Guid knowledgeBaseId, string model, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.KnowledgeBases.Where(k => k.Id == knowledgeBaseId).Select(k => k.Version).SingleOrDefaultAsync(cancellationToken);
        while (true)
        {
            var entry = _snapshots.GetOrAdd(knowledgeBaseId, _ => new Lazy<Task<Snapshot>>(() => LoadAsync(knowledgeBaseId, model, version)));
            var snapshot = await entry.Value;
            // An incomplete snapshot is read again after a few seconds: the vectors it lacks may come from another
            // node's embedding worker, which tells this node nothing and changes no version.
            var stale = !snapshot.Complete && System.Diagnostics.Stopwatch.GetElapsedTime(snapshot.LoadedAt) > IncompleteLifetime;
            if (snapshot.Version == version && snapshot.Model == model && !stale)
            {
                return snapshot;
            }

            _snapshots.TryRemove(new KeyValuePair<Guid, Lazy<Task<Snapshot>>>(knowledgeBaseId, entry));
        }
    }

    private async Task<Snapshot> LoadAsync(Guid knowledgeBaseId, string model, int version)
    {
        var heading = model + ChunkEmbedder.HeadingSuffix;
        await using var db = await contextFactory.CreateDbContextAsync();
        var rows = await db.ChunkEmbeddings.AsNoTracking()
            .Where(e => (e.Model == model || e.Model == heading) && db.Chunks.Any(c => c.Id == e.ChunkId && c.Document!.KnowledgeBaseId == knowledgeBaseId))
            .OrderBy(e => e.ChunkId)
            .Select(e => new { e.ChunkId, e.Model, e.Vector })
            .ToListAsync();
        var dimensions = rows.Count == 0 ? 0 : rows[0].Vector.Length / sizeof(float);
        var usable = rows.Where(r => r.Vector.Length == dimensions * sizeof(float)).ToList();
        var codes = new sbyte[usable.Count * dimensions];
        var scales = new float[usable.Count];
        var ids = new long[usable.Count];
        for (var i = 0; i < usable.Count; i++)
        {
            scales[i] = Quantize(MemoryMarshal.Cast<byte, float>(usable[i].Vector), codes.AsSpan(i * dimensions, dimensions));
            ids[i] = usable[i].ChunkId;
        }

        var chunks = await db.Chunks.CountAsync(c => c.Document!.KnowledgeBaseId == knowledgeBaseId);
        var passages = usable.Count(r => r.Model == model);
        return new Snapshot(version, model, dimensions, ids, codes, scales, passages >= chunks) { LoadedAt = System.Diagnostics.Stopwatch.GetTimestamp() };
    }

    private sealed record Snapshot(int Version, string Model, int Dimensions, long[] ChunkIds, sbyte[] Codes, float[] Scales, bool Complete)
    {
        public int Rows => ChunkIds.Length;

        public long LoadedAt { get; init; }
    }
}
