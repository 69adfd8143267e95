using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// BM25 over SQLite FTS5: the whole passage (field weights in the index's rank) plus the heading path on its own, each
/// read in FTS5's <c>rank</c> order so the index does the sorting, and the two scores summed. The query goes through
/// the knowledge base's synonyms exactly as its text did.
/// </summary>
public sealed class Fts5Retriever(
    IDbContextFactory<PlatformDbContext> contextFactory, KnowledgeBaseSynonyms synonyms, IndexTermCounts termCounts, IOptions<KnowledgeOptions> options) : IFullTextRetriever
{
    // Coverage is the best of the first few passages: the passage ranked first for its heading may hold fewer of
    // the question's words than the one just below it, and either answers.
    internal const int CoverageDepth = 3;

    public async Task<RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var synonymSet = await synonyms.GetAsync(knowledgeBaseId, cancellationToken);
        var terms = QueryNormalizer.Terms(synonymSet.Apply(query));
        if (terms.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var settings = options.Value;
        var candidates = Math.Max(topK, settings.FieldCandidates);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var passageMatch = QueryNormalizer.ToMatchExpression(await RankingTermsAsync(db, "ChunksFts", terms, cancellationToken));
        var headingMatch = QueryNormalizer.ToMatchExpression(await RankingTermsAsync(db, "ChunkHeadingsFts", terms, cancellationToken));

        // Each table yields its best candidates in FTS5 rank order (the index sorts; see the query-plan test): the whole
        // passage with its field weights, and the heading alone, a query-to-question match. A passage's score is the
        // sum; only these few hundred candidates are summed and sorted.
        var hits = await db.Database.SqlQuery<PassageRow>($"""
            WITH hits AS (
                SELECT id, score FROM (
                    SELECT f.rowid AS id, -f.rank AS score FROM ChunksFts f
                    JOIN Chunks c ON c.Id = f.rowid JOIN Documents d ON d.Id = c.DocumentId
                    WHERE ChunksFts MATCH {passageMatch} AND d.KnowledgeBaseId = {knowledgeBaseId} AND d.Status = 'Indexed'
                    ORDER BY f.rank LIMIT {candidates})
                UNION ALL
                SELECT id, {settings.HeadingMatchWeight} * score FROM (
                    SELECT f.rowid AS id, -f.rank AS score FROM ChunkHeadingsFts f
                    JOIN Chunks c ON c.Id = f.rowid JOIN Documents d ON d.Id = c.DocumentId
                    WHERE ChunkHeadingsFts MATCH {headingMatch} AND d.KnowledgeBaseId = {knowledgeBaseId} AND d.Status = 'Indexed'
                    ORDER BY f.rank LIMIT {candidates})),
            best AS (
                SELECT c.Id AS ChunkId, c.DocumentId, c.Title, d.Source, c.HeadingPath, c.Text, sum(h.score) AS Score
                FROM hits h
                JOIN Chunks c ON c.Id = h.id
                JOIN Documents d ON d.Id = c.DocumentId
                GROUP BY c.Id
                ORDER BY Score DESC, c.Id
                LIMIT {topK})
            -- the share of question headings on each passage's page (FaqEntries), for the few passages kept only
            SELECT b.*, (SELECT avg(CASE WHEN rtrim(o.HeadingPath) LIKE '%?' THEN 1.0 ELSE 0.0 END) FROM Chunks o
                         WHERE o.DocumentId = b.DocumentId) AS QuestionShare
            FROM best b
            ORDER BY b.Score DESC, b.ChunkId
            """).ToListAsync(cancellationToken);
        if (hits.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var coverage = await TermCoverageAsync(db, terms, [.. hits.Take(CoverageDepth).Select(h => h.ChunkId)], cancellationToken);
        var knownShare = await KnownShareAsync(db, terms, cancellationToken);

        var passages = hits
            .Select(h => new RetrievedPassage(
                h.ChunkId, h.DocumentId, h.Title, h.Source, h.HeadingPath, h.Text, SnippetBuilder.Build(h.Text, terms), h.Score,
                FaqEntries.IsEntry(h.HeadingPath, h.QuestionShare)))
            .ToList();
        return new RetrievalResult(terms, passages, Calibrate(settings, coverage)) { Coverage = coverage, KnownShare = knownShare };
    }

    /// <summary>
    /// The terms worth ranking by in one index table. FTS5 has no early termination: ranking scores every passage
    /// any term matches, so a term found in a large share of them costs the most while its IDF, and so its say in the
    /// order, is the smallest. Terms in more than <see cref="KnowledgeOptions.MaxTermShare"/> of the table's rows (and
    /// more than <see cref="KnowledgeOptions.PrunableTermRows"/>) leave its MATCH
    /// (they still count for coverage); when every term is that common, the rarest stays. The counts come from
    /// <see cref="IndexTermCounts"/>, counted only up to the limit.
    /// </summary>
    private async Task<IReadOnlyList<string>> RankingTermsAsync(PlatformDbContext db, string table, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.MaxTermShare >= 1.0)
        {
            return terms;
        }

        var rows = await termCounts.RowsAsync(db, cancellationToken);
        var limit = (long)Math.Max(settings.MaxTermShare * rows, settings.PrunableTermRows);
        var counts = await termCounts.GetAsync(db, table, terms, countUpTo: limit + 1, cancellationToken);
        var ranking = terms.Where((_, i) => counts[i] <= limit).ToList();
        if (ranking.Count > 0)
        {
            return ranking;
        }

        // Every term is common: the rarest stays, which takes the counts to the end.
        var exact = await termCounts.GetAsync(db, table, terms, countUpTo: null, cancellationToken);
        return [terms[exact.ToList().IndexOf(exact.Min())]];
    }

    /// <summary>
    /// The share of the query's terms that occur anywhere in the index. A word no passage has ("walmart", "python") is
    /// the clearest sign a question is about something else, even when it is phrased like one the knowledge base
    /// answers; a paraphrase mostly swaps words the passages also use. The counts are the index's (every knowledge
    /// base of this server), cached for a minute by <see cref="IndexTermCounts"/>.
    /// </summary>
    private async Task<double> KnownShareAsync(PlatformDbContext db, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var counts = await termCounts.GetAsync(db, "ChunksFts", terms, countUpTo: 1, cancellationToken);
        return (double)counts.Count(c => c > 0) / terms.Count;
    }

    /// <summary>Platt scaling of the coverage into a probability that the question is in scope.</summary>
    internal static double Calibrate(KnowledgeOptions settings, double coverage) =>
        1.0 / (1.0 + Math.Exp(-((settings.ConfidenceSlope * coverage) + settings.ConfidenceIntercept)));

    /// <summary>
    /// The largest share of the query's terms that one of the first passages holds, as the index matches them (stems, synonyms).
    /// Unweighted on purpose: a knowledge base's own subject words are in most of its passages, so IDF weighting
    /// would call "symptoms of coronavirus" out of scope in a COVID FAQ, while an unknown word still costs its share.
    /// One statement, each term probed by rowid, so it costs a seek per term rather than a scan of its postings.
    /// </summary>
    private static async Task<double> TermCoverageAsync(PlatformDbContext db, IReadOnlyList<string> terms, IReadOnlyList<long> chunkIds, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        var candidates = string.Join(", ", chunkIds.Select((_, j) => $"$c{j}"));
        command.CommandText = "SELECT coalesce(max(covered), 0) FROM (SELECT count(*) AS covered FROM (" + string.Join(" UNION ALL ", terms.Select((_, i) =>
            $"SELECT rowid FROM ChunksFts WHERE ChunksFts MATCH $t{i} AND rowid IN ({candidates})")) + ") GROUP BY rowid)";
        for (var j = 0; j < chunkIds.Count; j++)
        {
            command.AddParameter($"$c{j}", chunkIds[j]);
        }

        for (var i = 0; i < terms.Count; i++)
        {
            command.AddParameter($"$t{i}", QueryNormalizer.Quote(terms[i]));
        }

        var covered = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return (double)covered / terms.Count;
    }

    private sealed record PassageRow(
        long ChunkId, Guid DocumentId, string Title, string Source, string HeadingPath, string Text, double Score, double QuestionShare);
}
