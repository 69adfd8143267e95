using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Lexical;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// BM25 over the knowledge base's <see cref="KeywordIndex"/> in memory: FTS5's ranking, tokens and confidence
/// without its cost on a large knowledge base (FTS5 scores every passage a common term matches, in SQL). The store
/// stays the source of truth and its full-text index the one that is current the moment an ingestion commits: while
/// a new version's index builds, the store's <see cref="IFullTextRetriever"/> answers.
/// </summary>
public sealed class InMemoryKeywordRetriever(
    KeywordIndexes indexes, IFullTextRetriever fullText, IDbContextFactory<PlatformDbContext> contextFactory, IOptions<KnowledgeOptions> options) : IKeywordRetriever
{
    public async Task<RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await indexes.GetAsync(knowledgeBaseId, cancellationToken) is not { } index)
        {
            return await fullText.RetrieveAsync(knowledgeBaseId, query, topK, cancellationToken);
        }

        var terms = QueryNormalizer.Terms(index.Synonyms.Apply(query));
        if (terms.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var settings = options.Value;
        var hits = index.Search(terms, topK, Math.Max(topK, settings.FieldCandidates), settings.HeadingMatchWeight, Fts5Retriever.CoverageDepth);
        if (hits.Chunks.Count == 0)
        {
            return RetrievalResult.Empty(terms);
        }

        var loaded = await ChunkPassages.LoadAsync(contextFactory, [.. hits.Chunks.Select(c => c.ChunkId)], terms, cancellationToken);
        // A chunk deleted since the index was built is skipped; the next query sees the new version.
        var passages = hits.Chunks
            .Where(c => loaded.ContainsKey(c.ChunkId))
            .Select(c => loaded[c.ChunkId] with { Score = c.Score })
            .ToList();
        return new RetrievalResult(terms, passages, Fts5Retriever.Calibrate(settings, hits.Coverage)) { Coverage = hits.Coverage, KnownShare = hits.KnownShare };
    }
}
