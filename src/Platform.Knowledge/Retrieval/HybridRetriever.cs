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
    Fts5Retriever keywords,
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
        var bm25 = await keywords.RetrieveAsync(knowledgeBaseId, query, candidates, cancellationToken);
        var queryVector = await embedder.EmbedQueryAsync(query, cancellationToken);
        var dense = queryVector is { } vector
            ? await vectors.SearchAsync(knowledgeBaseId, embedder.Model, vector, candidates, cancellationToken)
            : [];

        var fused = new Dictionary<long, double>();
        for (var i = 0; i < bm25.Passages.Count; i++)
        {
            fused[bm25.Passages[i].ChunkId] = 1.0 / (settings.FusionK + i + 1);
        }

        for (var i = 0; i < dense.Count; i++)
        {
            fused[dense[i].ChunkId] = fused.GetValueOrDefault(dense[i].ChunkId) + (settings.DenseWeight / (settings.FusionK + i + 1));
        }

        var ranked = fused.OrderByDescending(f => f.Value).ThenBy(f => f.Key).Take(topK).ToList();
        var known = bm25.Passages.ToDictionary(p => p.ChunkId);
        var missing = ranked.Select(r => r.Key).Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var passage in await LoadAsync(missing, bm25.Terms, cancellationToken))
            {
                known[passage.ChunkId] = passage;
            }
        }

        var passages = ranked
            .Where(r => known.ContainsKey(r.Key))
            .Select(r => known[r.Key] with { Score = Math.Round(r.Value, 6) })
            .ToList();
        var bestSimilarity = dense.Count > 0 ? dense[0].Similarity : 0;
        return new RetrievalResult(bm25.Terms, passages, bm25.Confidence) { Coverage = bm25.Coverage, DenseSimilarity = bestSimilarity };
    }

    private async Task<List<RetrievedPassage>> LoadAsync(List<long> chunkIds, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Chunks.AsNoTracking()
            .Where(c => chunkIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id,
                c.DocumentId,
                c.Title,
                c.Document!.Source,
                c.HeadingPath,
                c.Text,
                QuestionShare = db.Chunks.Where(o => o.DocumentId == c.DocumentId).Average(o => o.HeadingPath.TrimEnd().EndsWith('?') ? 1.0 : 0.0),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new RetrievedPassage(
            r.Id, r.DocumentId, r.Title, r.Source, r.HeadingPath, r.Text, SnippetBuilder.Build(r.Text, terms), 0, FaqEntries.IsEntry(r.HeadingPath, r.QuestionShare)))];
    }
}
