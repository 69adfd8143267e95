using Platform.Data;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Indexing;

/// <summary>
/// Keeps the store's own full-text index in step with its chunks: FTS5 on SQLite (<see cref="Fts5SearchIndex"/>),
/// <c>tsvector</c> on PostgreSQL (<see cref="PostgresSearchIndex"/>). The indexed text is the chunk's with the
/// knowledge base's synonyms applied, so the platform writes it; deleting a chunk removes its index rows in the store.
/// </summary>
public interface ISearchIndexWriter
{
    /// <summary>Indexes chunks that already have their ids, inside the caller's transaction.</summary>
    Task AddAsync(PlatformDbContext db, IEnumerable<Chunk> chunks, SynonymSet synonyms, CancellationToken cancellationToken);

    /// <summary>Re-indexes every chunk of a knowledge base (after its synonyms changed), inside the caller's transaction.</summary>
    Task RewriteAsync(PlatformDbContext db, Guid knowledgeBaseId, SynonymSet synonyms, CancellationToken cancellationToken);
}
