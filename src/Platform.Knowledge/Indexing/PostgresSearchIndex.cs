using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Indexing;

/// <summary>
/// Writes chunks into PostgreSQL's full-text index (<c>ChunkSearch</c>, GIN over two <c>tsvector</c> columns: the whole
/// passage with its fields weighted, and the heading path alone), with the knowledge base's synonyms applied.
/// </summary>
public sealed class PostgresSearchIndex : ISearchIndexWriter
{
    private const int BatchSize = 500;

    public async Task AddAsync(PlatformDbContext db, IEnumerable<Chunk> chunks, SynonymSet synonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(synonyms);
        foreach (var batch in chunks.Chunk(BatchSize))
        {
            var ids = new long[batch.Length];
            var passages = new string[batch.Length];
            var headings = new string[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                var heading = synonyms.Apply(batch[i].HeadingPath);
                ids[i] = batch[i].Id;
                // Heading above title above body, as FTS5's bm25(2, 4, 1) weighs Title, HeadingPath, Text.
                passages[i] = TsVectors.Vector(new(synonyms.Apply(batch[i].Title), 'B'), new(heading, 'A'), new(synonyms.Apply(batch[i].Text), 'D'));
                headings[i] = TsVectors.Vector(new TsVectors.Field(heading, 'D'));
            }

            // One statement per batch; a chunk indexed again (a retried ingestion) replaces its row.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ChunkSearch" ("ChunkId", "Passage", "Heading")
                SELECT u.id, u.passage::tsvector, u.heading::tsvector FROM unnest({ids}, {passages}, {headings}) AS u(id, passage, heading)
                ON CONFLICT ("ChunkId") DO UPDATE SET "Passage" = excluded."Passage", "Heading" = excluded."Heading"
                """, cancellationToken);
        }
    }

    public async Task RewriteAsync(PlatformDbContext db, Guid knowledgeBaseId, SynonymSet synonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM "ChunkSearch" WHERE "ChunkId" IN (
                SELECT c."Id" FROM "Chunks" c JOIN "Documents" d ON d."Id" = c."DocumentId" WHERE d."KnowledgeBaseId" = {knowledgeBaseId})
            """, cancellationToken);
        await foreach (var page in KnowledgeBaseChunks.PagesAsync(db, knowledgeBaseId, BatchSize, cancellationToken))
        {
            await AddAsync(db, page, synonyms, cancellationToken);
        }
    }
}
