using Microsoft.EntityFrameworkCore;
using Platform.Data;

namespace Platform.Knowledge.Retrieval;

/// <summary>Reads chunks by id as passages (score 0, the caller's to set), with what a citation and the FAQ test need.</summary>
internal static class ChunkPassages
{
    public static async Task<Dictionary<long, RetrievedPassage>> LoadAsync(
        IDbContextFactory<PlatformDbContext> contextFactory, IReadOnlyCollection<long> chunkIds, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Chunks.AsNoTracking()
            .Where(c => chunkIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id,
                c.DocumentId,
                c.Title,
                c.Document!.Source,
                c.HeadingPath,
                c.Text,
                // The string overload: Npgsql translates EndsWith(string) to SQL, not EndsWith(char).
#pragma warning disable CA1866
                QuestionShare = db.Chunks.Where(o => o.DocumentId == c.DocumentId).Average(o => o.HeadingPath.TrimEnd().EndsWith("?") ? 1.0 : 0.0),
#pragma warning restore CA1866
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => new RetrievedPassage(
            r.Id, r.DocumentId, r.Title, r.Source, r.HeadingPath, r.Text, SnippetBuilder.Build(r.Text, terms), 0, FaqEntries.IsEntry(r.HeadingPath, r.QuestionShare)));
    }
}
