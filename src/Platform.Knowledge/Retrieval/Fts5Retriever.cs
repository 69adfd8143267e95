using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// BM25 over the SQLite FTS5 index. Ordering is FTS5's <c>rank</c>, configured in the schema with field weights,
/// so the index does the sorting; the query goes through the knowledge base's synonyms exactly as its text did.
/// </summary>
public sealed class Fts5Retriever(IDbContextFactory<PlatformDbContext> contextFactory, KnowledgeBaseSynonyms synonyms, IOptions<KnowledgeOptions> options) : IRetriever
{
    public async Task<RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var synonymSet = await synonyms.GetAsync(knowledgeBaseId, cancellationToken);
        var terms = QueryNormalizer.Terms(synonymSet.Apply(query));
        if (terms.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var match = QueryNormalizer.ToMatchExpression(terms);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hits = await db.Database.SqlQuery<PassageRow>($"""
            SELECT c.Id AS ChunkId, c.DocumentId, c.Title, d.Source, c.HeadingPath, c.Text, ChunksFts.rank AS Rank
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

        var coverage = await TermCoverageAsync(db, terms, hits[0].ChunkId, cancellationToken);

        // FTS5's bm25 is negative, lower is better; citations carry it flipped so that higher means better.
        var passages = hits
            .Select(h => new RetrievedPassage(h.ChunkId, h.DocumentId, h.Title, h.Source, h.HeadingPath, h.Text, SnippetBuilder.Build(h.Text, terms), -h.Rank))
            .ToList();
        return new RetrievalResult(terms, passages, Calibrate(coverage)) { Coverage = coverage };
    }

    /// <summary>Platt scaling of the coverage into a probability that the question is in scope.</summary>
    private double Calibrate(double coverage) =>
        1.0 / (1.0 + Math.Exp(-((options.Value.ConfidenceSlope * coverage) + options.Value.ConfidenceIntercept)));

    /// <summary>
    /// The share of the query's terms that the best passage holds, as the index matches them (stems, synonyms).
    /// Unweighted on purpose: a knowledge base's own subject words are in most of its passages, so IDF weighting
    /// would call "symptoms of coronavirus" out of scope in a COVID FAQ, while an unknown word still costs its share.
    /// One statement, each term probed by rowid, so it costs a seek per term rather than a scan of its postings.
    /// </summary>
    private static async Task<double> TermCoverageAsync(PlatformDbContext db, IReadOnlyList<string> terms, long bestChunkId, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM (" + string.Join(" UNION ALL ", terms.Select((_, i) =>
            $"SELECT 1 FROM ChunksFts WHERE ChunksFts MATCH $t{i} AND rowid = $best")) + ")";
        AddParameter(command, "$best", bestChunkId);
        for (var i = 0; i < terms.Count; i++)
        {
            AddParameter(command, $"$t{i}", QueryNormalizer.Quote(terms[i]));
        }

        var covered = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        return (double)covered / terms.Count;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private sealed record PassageRow(long ChunkId, Guid DocumentId, string Title, string Source, string HeadingPath, string Text, double Rank);
}
