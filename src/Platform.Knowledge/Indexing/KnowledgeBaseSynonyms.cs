using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Platform.Data;

namespace Platform.Knowledge.Indexing;

/// <summary>
/// Each knowledge base's parsed synonym list, cached per process so a visitor message costs no extra query;
/// <see cref="Invalidate"/> drops a list when an admin changes it through <see cref="Ingestion.KnowledgeIngestor.UpdateSynonymsAsync"/>.
/// </summary>
public sealed class KnowledgeBaseSynonyms(IDbContextFactory<PlatformDbContext> contextFactory)
{
    private readonly ConcurrentDictionary<Guid, SynonymSet> _cache = new();

    public async Task<SynonymSet> GetAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(knowledgeBaseId, out var cached))
        {
            return cached;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var text = await db.KnowledgeBases.Where(k => k.Id == knowledgeBaseId).Select(k => k.Synonyms).SingleOrDefaultAsync(cancellationToken);

        // A list that no longer parses (edited in the database by hand) must not stop answering: it is skipped.
        SynonymSet set;
        try
        {
            set = SynonymSet.Parse(text);
        }
        catch (FormatException)
        {
            set = SynonymSet.Empty;
        }

        return _cache.GetOrAdd(knowledgeBaseId, set);
    }

    public void Invalidate(Guid knowledgeBaseId) => _cache.TryRemove(knowledgeBaseId, out _);
}
