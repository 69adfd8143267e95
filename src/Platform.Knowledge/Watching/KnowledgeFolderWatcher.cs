using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Jobs;

namespace Platform.Knowledge.Watching;

/// <summary>
/// Mirrors <see cref="KnowledgeOptions.WatchPath"/> into a knowledge base: new and changed files become an ingestion
/// job, files that disappeared are deleted. It scans on an interval instead of trusting file-system events, which
/// network shares and containers drop, and it waits until a file looks the same on two scans so that a file still
/// being copied is not read half-written.
/// </summary>
public sealed partial class KnowledgeFolderWatcher(
    IOptions<KnowledgeOptions> options,
    IHostEnvironment environment,
    KnowledgeIngestor ingestor,
    IngestionJobs jobs,
    IDbContextFactory<PlatformDbContext> contextFactory,
    TimeProvider timeProvider,
    ILogger<KnowledgeFolderWatcher> logger) : BackgroundService
{
    private Dictionary<string, FileStamp> _lastScan = new(StringComparer.Ordinal);

    // What each file's bytes were when last queued: a file that failed is queued again only once it changes.
    private readonly Dictionary<string, string> _queuedHashes = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.WatchPath))
        {
            return;
        }

        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, settings.WatchPath));
        LogWatching(logger, folder, settings.WatchKnowledgeBase);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.WatchIntervalSeconds), timeProvider);
        try
        {
            do
            {
                try
                {
                    await ScanAsync(folder, stoppingToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbUpdateException)
                {
                    LogScanFailed(logger, folder, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: compares the folder with the knowledge base and queues the differences.</summary>
    public async Task<int> ScanAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            LogFolderMissing(logger, folder);
            return 0;
        }

        var knowledgeBase = await ingestor.EnsureKnowledgeBaseAsync(options.Value.WatchKnowledgeBase, options.Value.WatchKnowledgeBase, cancellationToken);
        var current = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !KnowledgeIngestor.IsExportMetadata(folder, f))
            .Select(f => new FileInfo(f))
            .ToDictionary(f => Path.GetRelativePath(folder, f.FullName).Replace('\\', '/'), f => new FileStamp(f.Length, f.LastWriteTimeUtc), StringComparer.Ordinal);
        var previous = _lastScan;
        _lastScan = current;

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.KnowledgeBaseId == knowledgeBase.Id)
            .Select(d => new { d.Source, d.ContentHash })
            .ToDictionaryAsync(d => d.Source, d => d.ContentHash, StringComparer.Ordinal, cancellationToken);
        var pendingSources = await db.IngestionItems.AsNoTracking()
            .Where(i => i.Job!.KnowledgeBaseId == knowledgeBase.Id && i.CompletedAt == null)
            .Select(i => i.Source)
            .ToListAsync(cancellationToken);
        var pending = pendingSources.ToHashSet(StringComparer.Ordinal);

        var requests = new List<IngestionRequest>();
        foreach (var (source, stamp) in current.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var stable = previous.TryGetValue(source, out var before) && before == stamp;
            if (!stable || pending.Contains(source))
            {
                continue;
            }

            var content = await File.ReadAllBytesAsync(Path.Combine(folder, source), cancellationToken);
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            var alreadyQueued = _queuedHashes.TryGetValue(source, out var queuedHash) && queuedHash == hash;
            if ((!documents.TryGetValue(source, out var indexed) || indexed != hash) && !alreadyQueued)
            {
                requests.Add(new IngestionRequest(source, content));
                _queuedHashes[source] = hash;
            }
        }

        requests.AddRange(documents.Keys
            .Where(source => !current.ContainsKey(source) && !pending.Contains(source))
            .Select(source => new IngestionRequest(source, null)));
        foreach (var gone in _queuedHashes.Keys.Where(source => !current.ContainsKey(source)).ToList())
        {
            _queuedHashes.Remove(gone);
        }

        if (requests.Count == 0)
        {
            return 0;
        }

        foreach (var batch in requests.Chunk(options.Value.MaxFilesPerBatch))
        {
            await jobs.EnqueueAsync(knowledgeBase.Id, "watch", batch, cancellationToken);
        }

        LogQueued(logger, requests.Count, folder);
        return requests.Count;
    }

    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Folder} for the knowledge base '{KnowledgeBase}'")]
    private static partial void LogWatching(ILogger logger, string folder, string knowledgeBase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} change(s) from the watched folder {Folder}")]
    private static partial void LogQueued(ILogger logger, int count, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The watched folder {Folder} does not exist")]
    private static partial void LogFolderMissing(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the watched folder {Folder} failed")]
    private static partial void LogScanFailed(ILogger logger, string folder, Exception exception);
}
