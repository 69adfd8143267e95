using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Indexing;

/// <summary>A knowledge base's chunks in pages by id, for re-indexing them on the same context.</summary>
internal static class KnowledgeBaseChunks
{
    /// <summary>
    /// Each page is read to the end before it is handed out: a connection runs one command at a time on PostgreSQL,
    /// so the caller may write on <paramref name="db"/> between pages.
    /// </summary>
    public static async IAsyncEnumerable<List<Chunk>> PagesAsync(
        PlatformDbContext db, Guid knowledgeBaseId, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = long.MinValue;
        while (true)
        {
            var page = await db.Chunks.AsNoTracking()
                .Where(c => c.Document!.KnowledgeBaseId == knowledgeBaseId && c.Id > after)
                .OrderBy(c => c.Id)
                .Take(pageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            yield return page;
            after = page[^1].Id;
        }
    }
}
