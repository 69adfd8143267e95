using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Platform.Data;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Indexing;

/// <summary>
/// Writes chunks into the contentless FTS5 index (<c>ChunksFts</c>) with the knowledge base's synonyms applied.
/// Deleting a chunk removes its index row by trigger; adding one is this class's job because the indexed text is
/// not the stored text.
/// </summary>
public static class SearchIndex
{
    /// <summary>Indexes chunks that already have their ids, inside the caller's transaction.</summary>
    public static async Task AddAsync(PlatformDbContext db, IEnumerable<Chunk> chunks, SynonymSet synonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(synonyms);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "INSERT INTO ChunksFts(rowid, Title, HeadingPath, Text) VALUES ($id, $title, $heading, $text)";
        var id = Parameter(command, "$id");
        var title = Parameter(command, "$title");
        var heading = Parameter(command, "$heading");
        var text = Parameter(command, "$text");
        foreach (var chunk in chunks)
        {
            id.Value = chunk.Id;
            title.Value = synonyms.Apply(chunk.Title);
            heading.Value = synonyms.Apply(chunk.HeadingPath);
            text.Value = synonyms.Apply(chunk.Text);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Re-indexes every chunk of a knowledge base (after its synonyms changed), inside the caller's transaction.</summary>
    public static async Task RewriteAsync(PlatformDbContext db, Guid knowledgeBaseId, SynonymSet synonyms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM ChunksFts WHERE rowid IN (
                SELECT c.Id FROM Chunks c JOIN Documents d ON d.Id = c.DocumentId WHERE d.KnowledgeBaseId = {knowledgeBaseId})
            """, cancellationToken);
        var chunks = db.Chunks.AsNoTracking().Where(c => c.Document!.KnowledgeBaseId == knowledgeBaseId).AsAsyncEnumerable();
        var batch = new List<Chunk>(512);
        await foreach (var chunk in chunks.WithCancellation(cancellationToken))
        {
            batch.Add(chunk);
            if (batch.Count == batch.Capacity)
            {
                await AddAsync(db, batch, synonyms, cancellationToken);
                batch.Clear();
            }
        }

        await AddAsync(db, batch, synonyms, cancellationToken);
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
