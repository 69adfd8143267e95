using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Dense;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// BM25 alone, or, when an embedding model is configured, BM25 and the dense index fused by reciprocal rank fusion
/// (each list contributes 1 / (k + rank) per passage). RRF needs no score calibration between the two, which is why
/// it is the usual choice: a BM25 score and a cosine are not on one scale.
/// </summary>
public sealed class HybridRetriever(
    IKeywordRetriever keywords,
    ChunkEmbedder embedder,
    ChunkVectorIndex vectors,
    IDbContextFactory<PlatformDbContext> contextFactory,
    IOptions<KnowledgeOptions> options) : IRetriever
{
    public async Task<RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken)
    {
        if (!embedder.IsEnabled)
        {
            return await keywords.RetrieveAsync(knowledgeBaseId, query, topK, cancellationToken);
        }

        var settings = options.Value;
        var candidates = Math.Max(topK, settings.FusionCandidates);

        // The dense half (the query's embedding on ONNX Runtime, then the vector scan) and BM25 (SQLite) overlap. Until
        // every chunk has its vector (after an upload, a re-index or a model change, while the worker fills them in) the
        // dense half declines without embedding, and the lexical ranking answers alone: a dense list over part of the
        // knowledge base would push the embedded passages ahead of better ones that are not embedded yet, and its best
        // cosine would refuse what the rest answers.
        var denseSearch = Task.Run(
            () => vectors.SearchIfCompleteAsync(knowledgeBaseId, embedder.Model, token => embedder.EmbedQueryAsync(query, token), candidates, cancellationToken),
            cancellationToken);
        var bm25 = await keywords.RetrieveAsync(knowledgeBaseId, query, candidates, cancellationToken);
        if (await denseSearch is not { } dense)
        {
            // BM25's first topK of `candidates` are its topK: the order is total (score, then chunk id).
            return bm25 with { Passages = [.. bm25.Passages.Take(topK)] };
        }

        var fused = settings.Fusion == KnowledgeOptions.ScoreFusion
            ? FuseScores(bm25.Passages, dense, settings.LexicalWeight)
            : FuseRanks(bm25.Passages, dense, settings.FusionK, settings.DenseWeight);
        var ranked = fused.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Take(topK).ToList();
        var known = bm25.Passages.ToDictionary(p => p.ChunkId);
        var missing = ranked.Select(r => r.Key).Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (chunkId, passage) in await ChunkPassages.LoadAsync(contextFactory, missing, bm25.Terms, cancellationToken))
            {
                known[chunkId] = passage;
            }
        }

        var similarities = dense.ToDictionary(d => d.ChunkId, d => (double)d.Similarity);
        var passages = ranked
            .Where(r => known.ContainsKey(r.Key))
            .Select(r => known[r.Key] with { Score = Math.Round(r.Value, 6), Similarity = similarities.TryGetValue(r.Key, out var s) ? Math.Round(s, 4) : null })
            .ToList();
        var bestSimilarity = dense.Count > 0 ? dense[0].Similarity : 0;
        var margin = dense.Count > 1 ? dense[0].Similarity - dense[1].Similarity : 0;

        // An encoder without a fitted scope model keeps the lexical confidence: its cosines are on a scale of their own.
        var confidence = bm25.Confidence;
        if (dense.Count > 0 && settings.DenseConfidence.TryGetValue(embedder.Model, out var scope))
        {
            confidence = Math.Round(scope.Of(bm25.Coverage, bm25.KnownShare, bestSimilarity), 4);
        }

        return new RetrievalResult(bm25.Terms, passages, confidence) { Coverage = bm25.Coverage, KnownShare = bm25.KnownShare, DenseSimilarity = bestSimilarity, DenseMargin = margin };
    }

    /// <summary>Reciprocal rank fusion: each list gives 1 / (k + rank), the dense one times its weight.</summary>
    internal static Dictionary<long, double> FuseRanks(IReadOnlyList<RetrievedPassage> bm25, IReadOnlyList<(long ChunkId, float Similarity)> dense, int k, double denseWeight)
    {
        var fused = new Dictionary<long, double>();
        for (var i = 0; i < bm25.Count; i++)
        {
            fused[bm25[i].ChunkId] = 1.0 / (k + i + 1);
        }

        for (var i = 0; i < dense.Count; i++)
        {
            fused[dense[i].ChunkId] = fused.GetValueOrDefault(dense[i].ChunkId) + (denseWeight / (k + i + 1));
        }

        return fused;
    }

    /// <summary>
    /// Score fusion: the cosine plus <paramref name="lexicalWeight"/> × the BM25 score relative to the query's best, so
    /// both are on a query-independent scale. A passage only BM25 proposed takes the lowest cosine the dense list
    /// reached, an upper bound of its own, so lexical evidence can lift it but never past what it would need.
    /// </summary>
    internal static Dictionary<long, double> FuseScores(IReadOnlyList<RetrievedPassage> bm25, IReadOnlyList<(long ChunkId, float Similarity)> dense, double lexicalWeight)
    {
        var fused = new Dictionary<long, double>();
        var floor = dense.Count > 0 ? dense[^1].Similarity : 0;
        foreach (var (chunkId, similarity) in dense)
        {
            fused[chunkId] = similarity;
        }

        var best = bm25.Count > 0 ? bm25.Max(p => p.Score) : 0;
        foreach (var passage in bm25)
        {
            var lexical = best > 0 ? passage.Score / best : 0;
            fused[passage.ChunkId] = (fused.TryGetValue(passage.ChunkId, out var similarity) ? similarity : floor) + (lexicalWeight * lexical);
        }

        return fused;
    }
}
