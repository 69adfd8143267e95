using Microsoft.EntityFrameworkCore;
using Platform.Data;

namespace Platform.Knowledge;

/// <summary>Finds knowledge bases by their slug.</summary>
public sealed class KnowledgeBaseCatalog(IDbContextFactory<PlatformDbContext> contextFactory)
{
    public async Task<Guid?> FindIdAsync(string slug, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnowledgeBases.Where(k => k.Slug == slug).Select(k => (Guid?)k.Id).SingleOrDefaultAsync(cancellationToken);
    }
}
