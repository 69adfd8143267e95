using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Ingestion;

/// <summary>Parses documents into chunks and stores them; the FTS5 index follows the Chunks table by trigger.</summary>
public sealed partial class KnowledgeIngestor(
    IDbContextFactory<PlatformDbContext> contextFactory,
    IOptions<KnowledgeOptions> options,
    TimeProvider timeProvider,
    ILogger<KnowledgeIngestor> logger)
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".md"] = "text/markdown",
        [".markdown"] = "text/markdown",
        [".txt"] = "text/plain",
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsSupported(string path) => ContentTypes.ContainsKey(Path.GetExtension(path));

    public async Task<KnowledgeBase> EnsureKnowledgeBaseAsync(string slug, string name, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.KnowledgeBases.AsNoTracking().SingleOrDefaultAsync(k => k.Slug == slug, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var now = timeProvider.GetUtcNow();
        var knowledgeBase = new KnowledgeBase { Id = Guid.CreateVersion7(now), Slug = slug, Name = name, CreatedAt = now.UtcDateTime };
        db.KnowledgeBases.Add(knowledgeBase);
        await db.SaveChangesAsync(cancellationToken);
        return knowledgeBase;
    }

    /// <summary>Ingests every supported file below <paramref name="folder"/>, each on its own: one bad file fails alone.</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestFolderAsync(Guid knowledgeBaseId, string folder, CancellationToken cancellationToken)
    {
        var results = new List<IngestResult>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(IsSupported)
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
    /// the old chunks in one transaction, so a reader sees either the old passages or the new ones, never neither.
    /// </summary>
    public async Task<IngestResult> IngestAsync(Guid knowledgeBaseId, string source, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (!ContentTypes.TryGetValue(Path.GetExtension(source), out var contentType))
        {
            return Failed(source, $"Unsupported file type '{Path.GetExtension(source)}'. Supported: {string.Join(", ", ContentTypes.Keys)}.");
        }

        if (content.Length == 0)
        {
            return Failed(source, "The file is empty.");
        }

        if (content.Length > options.Value.MaxDocumentBytes)
        {
            return Failed(source, $"The file is {content.Length} bytes; the limit is {options.Value.MaxDocumentBytes}.");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content.Span).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Failed(source, "The file is not valid UTF-8 text.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var fallbackTitle = Path.GetFileNameWithoutExtension(source).Replace('-', ' ').Replace('_', ' ');
        var parsed = contentType == "text/markdown"
            ? MarkdownParser.Parse(text, fallbackTitle)
            : new ParsedDocument(fallbackTitle, [new DocumentSection(string.Empty, text.Trim())]);
        var chunker = new Chunker(options.Value.MaxChunkChars, options.Value.ChunkOverlapChars);
        var pieces = parsed.Sections.SelectMany(chunker.Split).Where(s => s.Text.Length > 0).ToList();
        if (pieces.Count == 0)
        {
            return Failed(source, "The file has no text to index.");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var document = await db.Documents.SingleOrDefaultAsync(d => d.KnowledgeBaseId == knowledgeBaseId && d.Source == source, cancellationToken);
        if (document is not null && document.ContentHash == hash && document.Status == DocumentStatus.Indexed)
        {
            return new IngestResult(source, IngestOutcome.Unchanged, document.Id, 0);
        }

        var outcome = IngestOutcome.Updated;
        if (document is null)
        {
            outcome = IngestOutcome.Added;
            document = new Document
            {
                Id = Guid.CreateVersion7(timeProvider.GetUtcNow()),
                KnowledgeBaseId = knowledgeBaseId,
                Source = source,
                Title = parsed.Title,
                ContentType = contentType,
                ContentHash = hash,
                CreatedAt = now,
            };
            db.Documents.Add(document);
        }
        else
        {
            await db.Chunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        }

        document.Title = parsed.Title;
        document.ContentHash = hash;
        document.SizeBytes = content.Length;
        document.Status = DocumentStatus.Indexed;
        document.Error = null;
        document.UpdatedAt = now;
        document.Chunks = pieces
            .Select((piece, ordinal) => new Chunk { Ordinal = ordinal, Title = parsed.Title, HeadingPath = piece.HeadingPath, Text = piece.Text })
            .ToList();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogIngested(logger, source, outcome, pieces.Count);
        return new IngestResult(source, outcome, document.Id, pieces.Count);
    }

    private IngestResult Failed(string source, string error)
    {
        LogFailed(logger, source, error);
        return new IngestResult(source, IngestOutcome.Failed, null, 0, error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Source}: {Outcome}, {Chunks} chunk(s)")]
    private static partial void LogIngested(ILogger logger, string source, IngestOutcome outcome, int chunks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ingest {Source}: {Error}")]
    private static partial void LogFailed(ILogger logger, string source, string error);
}
