using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Domain.Knowledge;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Indexing;
using Platform.Knowledge.Ingestion.Parsing;

namespace Platform.Knowledge.Ingestion;

/// <summary>
/// Parses documents into chunks and stores them with their original bytes. Every change to a knowledge base's
/// document set (add, replace, delete, rollback) is one transaction and one new knowledge base version, so a reader
/// sees the old passages or the new ones, never neither.
/// </summary>
public sealed partial class KnowledgeIngestor(
    IDbContextFactory<PlatformDbContext> contextFactory,
    KnowledgeBaseSynonyms synonyms,
    ChunkEmbeddingWorker embeddings,
    ISearchIndexWriter searchIndex,
    DocumentParsers parsers,
    IOptions<KnowledgeOptions> options,
    TimeProvider timeProvider,
    ILogger<KnowledgeIngestor> logger)
{
    public bool IsSupported(string path) => parsers.IsSupported(path);

    /// <summary>The files an export adds beside the documents, at the top of the folder.</summary>
    public static bool IsExportMetadata(string folder, string path) =>
        string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
        && Path.GetFileName(path) is Export.KnowledgeBaseExporter.SynonymsName or Export.KnowledgeBaseExporter.ManifestName;

    public async Task<KnowledgeBase> EnsureKnowledgeBaseAsync(string slug, string name, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.KnowledgeBases.AsNoTracking().SingleOrDefaultAsync(k => k.Slug == slug, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = timeProvider.GetUtcNow();
        var knowledgeBase = new KnowledgeBase { Id = Guid.CreateVersion7(now), Slug = slug, Name = name, CreatedAt = now.UtcDateTime, UpdatedAt = now.UtcDateTime };
        db.KnowledgeBases.Add(knowledgeBase);
        await db.SaveChangesAsync(cancellationToken);
        return knowledgeBase;
    }

    /// <summary>
    /// Ingests every supported file below <paramref name="folder"/>, each on its own: one bad file fails alone.
    /// A <c>synonyms.txt</c> at the top (as an export writes it) becomes the synonym list first, not a document.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> IngestFolderAsync(Guid knowledgeBaseId, string folder, CancellationToken cancellationToken)
    {
        var synonymsFile = Path.Combine(folder, Export.KnowledgeBaseExporter.SynonymsName);
        if (File.Exists(synonymsFile))
        {
            await UpdateSynonymsAsync(knowledgeBaseId, await File.ReadAllTextAsync(synonymsFile, cancellationToken), cancellationToken);
        }

        var results = new List<IngestResult>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => IsSupported(f) && !IsExportMetadata(folder, f))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var source = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var content = await File.ReadAllBytesAsync(file, cancellationToken);
            results.Add(await IngestAsync(knowledgeBaseId, source, content, cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// Adds or replaces the document at <paramref name="source"/>. Identical bytes are a no-op; a new version replaces
    /// the old chunks in one transaction. <paramref name="force"/> re-indexes identical bytes too (after a parser change).
    /// </summary>
    public async Task<IngestResult> IngestAsync(Guid knowledgeBaseId, string source, ReadOnlyMemory<byte> content, CancellationToken cancellationToken, bool force = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var prepared = Prepare(source, content, cancellationToken);
        if (prepared.Error is { } error)
        {
            return Failed(source, error);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var knowledgeBase = await db.KnowledgeBases.SingleOrDefaultAsync(k => k.Id == knowledgeBaseId, cancellationToken)
            ?? throw new KeyNotFoundException($"Knowledge base {knowledgeBaseId} does not exist.");
        var document = await db.Documents.SingleOrDefaultAsync(d => d.KnowledgeBaseId == knowledgeBaseId && d.Source == source, cancellationToken);
        if (!force && document is not null && document.ContentHash == prepared.Hash && document.Status == DocumentStatus.Indexed)
        {
            return new IngestResult(source, IngestOutcome.Unchanged, document.Id, 0);
        }

        var version = NextVersion(knowledgeBase);
        var (stored, outcome) = await ApplyAsync(db, knowledgeBase, document, prepared, content.ToArray(), version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        embeddings.Wake();
        LogIngested(logger, source, outcome, stored.Chunks.Count, version);
        return new IngestResult(source, outcome, stored.Id, stored.Chunks.Count);
    }

    /// <summary>Removes a document and its passages; its bytes stay in the revision history for export and rollback.</summary>
    public async Task<bool> DeleteAsync(Guid knowledgeBaseId, Guid documentId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var knowledgeBase = await db.KnowledgeBases.SingleOrDefaultAsync(k => k.Id == knowledgeBaseId, cancellationToken);
        var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == documentId && d.KnowledgeBaseId == knowledgeBaseId, cancellationToken);
        if (knowledgeBase is null || document is null)
        {
            return false;
        }

        var version = NextVersion(knowledgeBase);
        await RemoveAsync(db, document, version, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogDeleted(logger, document.Source, version);
        return true;
    }

    /// <summary>
    /// Makes the document set what it was at <paramref name="targetVersion"/> (default: the version before the current
    /// one), as one new version: a rollback is itself undoable.
    /// </summary>
    public async Task<RollbackResult> RollbackAsync(Guid knowledgeBaseId, int? targetVersion, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.KnowledgeBases.AsNoTracking().Where(k => k.Id == knowledgeBaseId).Select(k => (int?)k.Version).SingleOrDefaultAsync(cancellationToken)
            ?? throw new KeyNotFoundException($"Knowledge base {knowledgeBaseId} does not exist.");
        var target = targetVersion ?? current - 1;
        if (target < 0 || target >= current)
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), target, $"There is no earlier version {target} to roll back to; the current version is {current}.");
        }

        // The snapshot's list without its bytes: only the documents that differ from today are read in full.
        var snapshot = await db.DocumentRevisions.AsNoTracking()
            .Where(r => r.KnowledgeBaseId == knowledgeBaseId && r.AddedInVersion <= target && (r.RemovedInVersion == null || r.RemovedInVersion > target))
            .Select(r => new { r.Id, r.Source, r.ContentHash })
            .ToListAsync(cancellationToken);
        var live = await db.DocumentRevisions.AsNoTracking()
            .Where(r => r.KnowledgeBaseId == knowledgeBaseId && r.RemovedInVersion == null)
            .Select(r => new { r.Source, r.ContentHash })
            .ToDictionaryAsync(r => r.Source, r => r.ContentHash, StringComparer.Ordinal, cancellationToken);

        // Parse before the transaction: the write lock is held only for the swap.
        var restore = new List<(DocumentRevision Revision, PreparedDocument Prepared)>();
        foreach (var changed in snapshot.Where(r => !live.TryGetValue(r.Source, out var hash) || hash != r.ContentHash))
        {
            var revision = await db.DocumentRevisions.AsNoTracking().SingleAsync(r => r.Id == changed.Id, cancellationToken);
            var prepared = Prepare(revision.Source, revision.Content, cancellationToken);
            restore.Add((revision, prepared));
        }

        var keep = snapshot.Select(r => r.Source).ToHashSet(StringComparer.Ordinal);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var knowledgeBase = await db.KnowledgeBases.SingleAsync(k => k.Id == knowledgeBaseId, cancellationToken);
        if (knowledgeBase.Version != current)
        {
            throw new InvalidOperationException("The knowledge base changed while the rollback was prepared; try again.");
        }

        var version = NextVersion(knowledgeBase);
        var removed = 0;
        foreach (var document in await db.Documents.Where(d => d.KnowledgeBaseId == knowledgeBaseId).ToListAsync(cancellationToken))
        {
            if (!keep.Contains(document.Source))
            {
                await RemoveAsync(db, document, version, cancellationToken);
                removed++;
            }
        }

        var failed = new List<string>();
        foreach (var (revision, prepared) in restore)
        {
            if (prepared.Error is not null)
            {
                failed.Add($"{revision.Source}: {prepared.Error}");
                continue;
            }

            var document = await db.Documents.SingleOrDefaultAsync(d => d.KnowledgeBaseId == knowledgeBaseId && d.Source == revision.Source, cancellationToken);
            await ApplyAsync(db, knowledgeBase, document, prepared, revision.Content, version, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        embeddings.Wake();
        LogRolledBack(logger, knowledgeBaseId, target, version, restore.Count - failed.Count, removed);
        return new RollbackResult(target, version, restore.Count - failed.Count, removed, failed);
    }

    /// <summary>Replaces the synonym list and re-indexes the knowledge base with it, in one transaction.</summary>
    public async Task UpdateSynonymsAsync(Guid knowledgeBaseId, string text, CancellationToken cancellationToken)
    {
        var parsed = SynonymSet.Parse(text);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var knowledgeBase = await db.KnowledgeBases.SingleOrDefaultAsync(k => k.Id == knowledgeBaseId, cancellationToken)
            ?? throw new KeyNotFoundException($"Knowledge base {knowledgeBaseId} does not exist.");
        knowledgeBase.Synonyms = text;
        knowledgeBase.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await searchIndex.RewriteAsync(db, knowledgeBaseId, parsed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        synonyms.Invalidate(knowledgeBaseId);
    }

    private int NextVersion(KnowledgeBase knowledgeBase)
    {
        knowledgeBase.Version++;
        knowledgeBase.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
        return knowledgeBase.Version;
    }

    private async Task<(Document Document, IngestOutcome Outcome)> ApplyAsync(
        PlatformDbContext db, KnowledgeBase knowledgeBase, Document? document, PreparedDocument prepared, byte[] content, int version, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var outcome = IngestOutcome.Updated;
        if (document is null)
        {
            outcome = IngestOutcome.Added;
            document = new Document
            {
                Id = Guid.CreateVersion7(now),
                KnowledgeBaseId = knowledgeBase.Id,
                Source = prepared.Source,
                Title = prepared.Parsed.Title,
                ContentType = prepared.ContentType,
                ContentHash = prepared.Hash,
                CreatedAt = now.UtcDateTime,
            };
            db.Documents.Add(document);
        }
        else
        {
            await db.Chunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        }

        await EndLiveRevisionAsync(db, knowledgeBase.Id, prepared.Source, version, cancellationToken);
        db.DocumentRevisions.Add(new DocumentRevision
        {
            Id = Guid.CreateVersion7(now),
            KnowledgeBaseId = knowledgeBase.Id,
            Source = prepared.Source,
            ContentType = prepared.ContentType,
            ContentHash = prepared.Hash,
            Content = content,
            AddedInVersion = version,
            CreatedAt = now.UtcDateTime,
        });

        document.Title = prepared.Parsed.Title;
        document.ContentType = prepared.ContentType;
        document.ContentHash = prepared.Hash;
        document.SizeBytes = content.Length;
        document.Status = DocumentStatus.Indexed;
        document.Version = version;
        document.Error = null;
        document.UpdatedAt = now.UtcDateTime;
        document.Chunks = prepared.Pieces
            .Select((piece, ordinal) => new Chunk { Ordinal = ordinal, Title = prepared.Parsed.Title, HeadingPath = piece.HeadingPath, Text = piece.Text })
            .ToList();
        await db.SaveChangesAsync(cancellationToken);
        await searchIndex.AddAsync(db, document.Chunks, await synonyms.GetAsync(knowledgeBase.Id, cancellationToken), cancellationToken);
        return (document, outcome);
    }

    private static async Task RemoveAsync(PlatformDbContext db, Document document, int version, CancellationToken cancellationToken)
    {
        await EndLiveRevisionAsync(db, document.KnowledgeBaseId, document.Source, version, cancellationToken);
        db.Documents.Remove(document);
    }

    private static Task<int> EndLiveRevisionAsync(PlatformDbContext db, Guid knowledgeBaseId, string source, int version, CancellationToken cancellationToken) =>
        db.DocumentRevisions
            .Where(r => r.KnowledgeBaseId == knowledgeBaseId && r.Source == source && r.RemovedInVersion == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RemovedInVersion, version), cancellationToken);

    /// <summary>Validates, parses and chunks a file without touching the database.</summary>
    private PreparedDocument Prepare(string source, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var parsed = parsers.Parse(source, content, cancellationToken);
        return parsed.Succeeded
            ? Chunk(source, parsed.ContentType, content, parsed.Document)
            : PreparedDocument.Failed(source, parsed.Error);
    }

    private PreparedDocument Chunk(string source, string contentType, ReadOnlyMemory<byte> content, ParsedDocument parsed)
    {
        var chunker = new Chunker(options.Value.MaxChunkChars, options.Value.ChunkOverlapChars);
        var pieces = parsed.Sections.SelectMany(chunker.Split).Where(s => s.Text.Length > 0).ToList();
        if (pieces.Count == 0)
        {
            return PreparedDocument.Failed(source, "The file has no text to index.");
        }

        return new PreparedDocument(source, contentType, Convert.ToHexStringLower(SHA256.HashData(content.Span)), parsed, pieces, null);
    }

    private IngestResult Failed(string source, string error)
    {
        LogFailed(logger, source, error);
        return new IngestResult(source, IngestOutcome.Failed, null, 0, error);
    }

    private sealed record PreparedDocument(string Source, string ContentType, string Hash, ParsedDocument Parsed, IReadOnlyList<DocumentSection> Pieces, string? Error)
    {
        public static PreparedDocument Failed(string source, string error) => new(source, string.Empty, string.Empty, new ParsedDocument(string.Empty, []), [], error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Source}: {Outcome}, {Chunks} chunk(s), knowledge base version {Version}")]
    private static partial void LogIngested(ILogger logger, string source, IngestOutcome outcome, int chunks, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Source}, knowledge base version {Version}")]
    private static partial void LogDeleted(ILogger logger, string source, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rolled knowledge base {KnowledgeBaseId} back to version {Target} as version {Version}: {Restored} restored, {Removed} removed")]
    private static partial void LogRolledBack(ILogger logger, Guid knowledgeBaseId, int target, int version, int restored, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ingest {Source}: {Error}")]
    private static partial void LogFailed(ILogger logger, string source, string error);
}
