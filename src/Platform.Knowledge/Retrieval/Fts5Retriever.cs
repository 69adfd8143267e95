using Microsoft.EntityFrameworkCore;
using Platform.Data;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// BM25 over the SQLite FTS5 index. Ordering is FTS5's <c>rank</c>, configured in the schema with field weights,
/// so the index does the sorting; confidence comes from which query terms the best passage holds.
/// </summary>
public sealed class Fts5Retriever(IDbContextFactory<PlatformDbContext> contextFactory) : IRetriever
{
    public async Task<RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = QueryNormalizer.Terms(query);
        if (terms.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var match = QueryNormalizer.ToMatchExpression(terms);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hits = await db.Database.SqlQuery<PassageRow>($"""
            SELECT c.Id AS ChunkId, c.DocumentId, c.Title, d.Source, c.HeadingPath, c.Text,
                   snippet(ChunksFts, 2, '', '', '…', 32) AS Snippet, ChunksFts.rank AS Rank
            FROM ChunksFts
            JOIN Chunks c ON c.Id = ChunksFts.rowid
            JOIN Documents d ON d.Id = c.DocumentId
            WHERE ChunksFts MATCH {match} AND d.KnowledgeBaseId = {knowledgeBaseId} AND d.Status = 'Indexed'
            ORDER BY ChunksFts.rank
            LIMIT {topK}
            """).ToListAsync(cancellationToken);
        if (hits.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var confidence = await TermCoverageAsync(db, terms, hits[0].ChunkId, cancellationToken);

        // FTS5's bm25 is negative, lower is better; citations carry it flipped so that higher means better.
        var passages = hits
            .Select(h => new RetrievedPassage(h.ChunkId, h.DocumentId, h.Title, h.Source, h.HeadingPath, h.Text, h.Snippet, -h.Rank))
            .ToList();
        return new RetrievalResult(terms, passages, confidence);
    }

    /// <summary>
    /// The IDF-weighted share of query terms found in the best passage. A term the index has never seen weighs the
    /// most: "do you sell laptops" matching only "sell" should not look like an answer.
    /// </summary>
    private static async Task<double> TermCoverageAsync(PlatformDbContext db, IReadOnlyList<string> terms, long bestChunkId, CancellationToken cancellationToken)
    {
        var total = await db.Database.SqlQuery<long>($"SELECT count(*) AS Value FROM Chunks").SingleAsync(cancellationToken);
        double covered = 0, all = 0;
        foreach (var term in terms)
        {
            var quoted = QueryNormalizer.Quote(term);
            var stats = await db.Database.SqlQuery<TermRow>($"""
                SELECT count(*) AS Df, coalesce(sum(rowid = {bestChunkId}), 0) AS InBest
                FROM ChunksFts WHERE ChunksFts MATCH {quoted}
                """).SingleAsync(cancellationToken);
            var idf = Math.Log(1 + ((total - stats.Df + 0.5) / (stats.Df + 0.5)));
            all += idf;
            if (stats.InBest > 0)
            {
                covered += idf;
            }
        }

        return all <= 0 ? 0 : covered / all;
    }

    private sealed record PassageRow(long ChunkId, Guid DocumentId, string Title, string Source, string HeadingPath, string Text, string Snippet, double Rank);

    private sealed record TermRow(long Df, long InBest);
}
