using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Data;

namespace Platform.Knowledge.Export;

/// <summary>
/// Writes a knowledge base back out as a zip: every live document's original bytes at its source path, its synonym
/// list, and a manifest (version, hashes). Unzipped, the folder can be ingested again as it is.
/// </summary>
public sealed class KnowledgeBaseExporter(IDbContextFactory<PlatformDbContext> contextFactory, TimeProvider timeProvider)
{
    public const string ManifestName = "knowledge-base.json";
    public const string SynonymsName = "synonyms.txt";

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the zip to <paramref name="output"/> one document at a time; false when the knowledge base does not exist.</summary>
    public async Task<bool> ExportAsync(Guid knowledgeBaseId, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var knowledgeBase = await db.KnowledgeBases.AsNoTracking().SingleOrDefaultAsync(k => k.Id == knowledgeBaseId, cancellationToken);
        if (knowledgeBase is null)
        {
            return false;
        }

        var revisions = await db.DocumentRevisions.AsNoTracking()
            .Where(r => r.KnowledgeBaseId == knowledgeBaseId && r.RemovedInVersion == null)
            .OrderBy(r => r.Source)
            .Select(r => new { r.Id, r.Source, r.ContentHash, r.ContentType, r.AddedInVersion })
            .ToListAsync(cancellationToken);

        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var revision in revisions)
        {
            // One revision's bytes in memory at a time, not the whole knowledge base.
            var content = await db.DocumentRevisions.AsNoTracking().Where(r => r.Id == revision.Id).Select(r => r.Content).SingleAsync(cancellationToken);
            var entry = zip.CreateEntry(revision.Source, CompressionLevel.Optimal);
            await using var stream = await entry.OpenAsync(cancellationToken);
            await stream.WriteAsync(content, cancellationToken);
        }

        if (knowledgeBase.Synonyms.Length > 0)
        {
            var synonyms = zip.CreateEntry(SynonymsName);
            await using var writer = new StreamWriter(await synonyms.OpenAsync(cancellationToken));
            await writer.WriteAsync(knowledgeBase.Synonyms.AsMemory(), cancellationToken);
        }

        var manifest = zip.CreateEntry(ManifestName);
        await using (var stream = await manifest.OpenAsync(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(stream, new
            {
                knowledgeBase.Slug,
                knowledgeBase.Name,
                knowledgeBase.Version,
                ExportedAt = timeProvider.GetUtcNow().UtcDateTime,
                Documents = revisions.Select(r => new { r.Source, r.ContentType, Sha256 = r.ContentHash, r.AddedInVersion }),
            }, ManifestJson, cancellationToken);
        }

        return true;
    }
}
