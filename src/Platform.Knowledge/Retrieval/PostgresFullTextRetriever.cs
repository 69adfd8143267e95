using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// Keyword retrieval on PostgreSQL's full-text index (<c>ChunkSearch</c>, GIN): each <c>tsvector</c> column yields its
/// best candidates by <c>ts_rank_cd</c> (the passage with its field weights, and the heading alone), a passage's score
/// is the sum, and the confidence is the same term coverage <see cref="Fts5Retriever"/> computes, on the same tokens.
/// <c>ts_rank_cd</c> has no IDF, so it ranks below BM25 (docs/knowledge-bases.md has the figures); the in-memory index,
/// the default engine, ranks by BM25 on either store.
/// </summary>
public sealed class PostgresFullTextRetriever(
    IDbContextFactory<PlatformDbContext> contextFactory, KnowledgeBaseSynonyms synonyms, IOptions<KnowledgeOptions> options) : IFullTextRetriever
{
    // ts_rank_cd's weights, in its order {D, C, B, A}: body, (unused), title, heading path, as bm25(2, 4, 1) on FTS5.
    private const string FieldWeights = "{0.25, 0.25, 0.5, 1.0}";

    // ts_rank_cd's normalization: 1 divides the rank by 1 + log(length), so a long passage that repeats a word does
    // not outrank a short one that is about it (BM25's length normalization does this on the other engines).
    private const int LengthNormalization = 1;

    public async Task<RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var synonymSet = await synonyms.GetAsync(knowledgeBaseId, cancellationToken);
        var terms = QueryNormalizer.Terms(synonymSet.Apply(query));
        var termQueries = terms.Select(TsVectors.TermQuery).OfType<string>().ToArray();
        if (termQueries.Length == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var settings = options.Value;
        var candidates = Math.Max(topK, settings.FieldCandidates);
        var match = TsVectors.AnyOf(termQueries);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // One statement, so one snapshot: a version committed mid-query is either wholly seen or not at all (a second
        // read for the passages' text could find the chunks it ranked already replaced).
        var rows = await db.Database.SqlQuery<PassageRow>($"""
            WITH q AS (SELECT {match}::tsquery AS query),
            scoped AS (
                SELECT s."ChunkId", s."Passage", s."Heading" FROM "ChunkSearch" s
                JOIN "Chunks" c ON c."Id" = s."ChunkId" JOIN "Documents" d ON d."Id" = c."DocumentId"
                WHERE d."KnowledgeBaseId" = {knowledgeBaseId} AND d."Status" = 'Indexed'),
            hits AS (
                (SELECT s."ChunkId" AS id, ts_rank_cd({FieldWeights}::real[], s."Passage", q.query, {LengthNormalization})::float8 AS score
                 FROM scoped s, q WHERE s."Passage" @@ q.query ORDER BY score DESC LIMIT {candidates})
                UNION ALL
                (SELECT s."ChunkId" AS id, {settings.HeadingMatchWeight} * ts_rank_cd(s."Heading", q.query, {LengthNormalization})::float8 AS score
                 FROM scoped s, q WHERE s."Heading" @@ q.query ORDER BY score DESC LIMIT {candidates})),
            best AS (
                SELECT id, sum(score)::float8 AS score FROM hits GROUP BY id ORDER BY score DESC, id LIMIT {topK}),
            covered AS (
                -- the largest share of the terms one of the first passages holds, as FTS5's coverage
                SELECT coalesce(max(n), 0)::float8 AS n FROM (
                    SELECT (SELECT count(*) FROM unnest({termQueries}) t WHERE s."Passage" @@ t::tsquery) AS n
                    FROM "ChunkSearch" s WHERE s."ChunkId" IN (SELECT id FROM best ORDER BY score DESC, id LIMIT {Fts5Retriever.CoverageDepth})) depth),
            known AS (
                -- the terms any passage of this server has
                SELECT count(*)::float8 AS n FROM unnest({termQueries}) t
                WHERE EXISTS (SELECT 1 FROM "ChunkSearch" s WHERE s."Passage" @@ t::tsquery))
            SELECT c."Id" AS "ChunkId", c."DocumentId", c."Title", d."Source", c."HeadingPath", c."Text", b.score AS "Score",
                (SELECT avg(CASE WHEN rtrim(o."HeadingPath") LIKE '%?' THEN 1.0 ELSE 0.0 END)::float8 FROM "Chunks" o
                 WHERE o."DocumentId" = c."DocumentId") AS "QuestionShare",
                (SELECT n FROM covered) AS "Covered", (SELECT n FROM known) AS "Known"
            FROM best b JOIN "Chunks" c ON c."Id" = b.id JOIN "Documents" d ON d."Id" = c."DocumentId"
            ORDER BY b.score DESC, b.id
            """).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var coverage = rows[0].Covered / terms.Count;
        var passages = rows
            .Select(r => new RetrievedPassage(
                r.ChunkId, r.DocumentId, r.Title, r.Source, r.HeadingPath, r.Text, SnippetBuilder.Build(r.Text, terms), r.Score,
                FaqEntries.IsEntry(r.HeadingPath, r.QuestionShare)))
            .ToList();
        return new RetrievalResult(terms, passages, Fts5Retriever.Calibrate(settings, coverage))
        {
            Coverage = coverage,
            KnownShare = rows[0].Known / terms.Count,
        };
    }

    private sealed record PassageRow(
        long ChunkId, Guid DocumentId, string Title, string Source, string HeadingPath, string Text, double Score, double QuestionShare, double Covered, double Known);
}
