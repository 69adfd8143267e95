using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Platform.Data;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Indexing;

/// <summary>
/// Writes chunks into the contentless FTS5 index (<c>ChunksFts</c>: the whole passage; <c>ChunkHeadingsFts</c>: its
/// heading path alone), with the knowledge base's synonyms applied. Deleting a chunk removes its index rows by trigger; adding them is this class's job
/// because the indexed text is not the stored text.
/// </summary>
public sealed class Fts5SearchIndex : ISearchIndexWriter
{
    /// <summary>The index tables.</summary>
    public static readonly IReadOnlyList<string> Tables = ["ChunksFts", "ChunkHeadingsFts"];

    public async Task AddAsync(PlatformDbContext db, IEnumerable<Chunk> chunks, SynonymSet synonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(synonyms);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var passage = connection.CreateCommand();
        passage.Transaction = transaction;
        passage.CommandText = "INSERT INTO ChunksFts(rowid, Title, HeadingPath, Text) VALUES ($id, $title, $heading, $text)";
        var id = passage.AddParameter("$id");
        var title = passage.AddParameter("$title");
        var heading = passage.AddParameter("$heading");
        var text = passage.AddParameter("$text");
        await using var headingOnly = connection.CreateCommand();
        headingOnly.Transaction = transaction;
        headingOnly.CommandText = "INSERT INTO ChunkHeadingsFts(rowid, HeadingPath) VALUES ($id, $heading)";
        var headingId = headingOnly.AddParameter("$id");
        var headingText = headingOnly.AddParameter("$heading");
        foreach (var chunk in chunks)
        {
            var mappedHeading = synonyms.Apply(chunk.HeadingPath);
            id.Value = chunk.Id;
            title.Value = synonyms.Apply(chunk.Title);
            heading.Value = mappedHeading;
            text.Value = synonyms.Apply(chunk.Text);
            await passage.ExecuteNonQueryAsync(cancellationToken);
            headingId.Value = chunk.Id;
            headingText.Value = mappedHeading;
            await headingOnly.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task RewriteAsync(PlatformDbContext db, Guid knowledgeBaseId, SynonymSet synonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var table in Tables)
        {
            // The table name is one of two constants, never input.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync(
                $"DELETE FROM {table} WHERE rowid IN (SELECT c.Id FROM Chunks c JOIN Documents d ON d.Id = c.DocumentId WHERE d.KnowledgeBaseId = {{0}})",
                [knowledgeBaseId],
                cancellationToken);
#pragma warning restore EF1002
        }
        await foreach (var page in KnowledgeBaseChunks.PagesAsync(db, knowledgeBaseId, 512, cancellationToken))
        {
            await AddAsync(db, page, synonyms, cancellationToken);
        }
    }
}
