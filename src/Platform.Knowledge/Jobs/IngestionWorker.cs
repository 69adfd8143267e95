using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Data;
using Platform.Domain.Knowledge;
using Platform.Knowledge.Ingestion;

namespace Platform.Knowledge.Jobs;

/// <summary>
/// Works through queued ingestion items one at a time, oldest job first, recording each item's status as it goes.
/// One at a time because SQLite has one writer; parsing is the slow part and it runs outside the write transaction.
/// </summary>
public sealed partial class IngestionWorker(
    IDbContextFactory<PlatformDbContext> contextFactory,
    KnowledgeIngestor ingestor,
    IngestionSignal signal,
    TimeProvider timeProvider,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RequeueInterruptedAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await ProcessNextAsync(stoppingToken))
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Processes the oldest queued item; false when there was none.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        IngestionItem? item;
        while (true)
        {
            item = await db.IngestionItems
                .Where(i => i.Status == IngestionItemStatus.Queued)
                .OrderBy(i => i.Job!.CreatedAt).ThenBy(i => i.Ordinal)
                .Include(i => i.Job)
                .FirstOrDefaultAsync(cancellationToken);
            if (item is null)
            {
                return false;
            }

            // Claimed only if it is still queued: with several nodes on one database, each item is parsed by exactly one.
            var startedAt = timeProvider.GetUtcNow().UtcDateTime;
            var claimed = await db.IngestionItems
                .Where(i => i.Id == item.Id && i.Status == IngestionItemStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IngestionItemStatus.Parsing).SetProperty(i => i.StartedAt, startedAt), cancellationToken);
            if (claimed == 1)
            {
                item.Status = IngestionItemStatus.Parsing;
                item.StartedAt = startedAt;
                break;
            }

            // Another node took it first; the tracked copy is stale.
            db.ChangeTracker.Clear();
        }

        try
        {
            await ProcessAsync(db, item, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An unexpected failure fails this file, not the worker: the next item still runs.
            LogItemFailed(logger, item.Source, ex);
            item.Status = IngestionItemStatus.Failed;
            item.Error = "The file could not be processed because of an internal error; see the server log.";
        }

        item.Content = null;
        item.CompletedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        await CompleteJobIfDoneAsync(db, item.JobId);
        return true;
    }

    private async Task ProcessAsync(PlatformDbContext db, IngestionItem item, CancellationToken cancellationToken)
    {
        var knowledgeBaseId = item.Job!.KnowledgeBaseId;
        if (item.IsDelete)
        {
            var documentId = await db.Documents.Where(d => d.KnowledgeBaseId == knowledgeBaseId && d.Source == item.Source)
                .Select(d => (Guid?)d.Id).SingleOrDefaultAsync(cancellationToken);
            item.DocumentId = documentId;
            item.Status = documentId is { } id && await ingestor.DeleteAsync(knowledgeBaseId, id, cancellationToken)
                ? IngestionItemStatus.Deleted
                : IngestionItemStatus.Unchanged;
            return;
        }

        var result = await ingestor.IngestAsync(knowledgeBaseId, item.Source, item.Content ?? [], cancellationToken, item.Force);
        item.DocumentId = result.DocumentId;
        item.Chunks = result.Chunks;
        item.Error = result.Error;
        item.Status = result.Outcome switch
        {
            IngestOutcome.Added => IngestionItemStatus.Added,
            IngestOutcome.Updated => IngestionItemStatus.Updated,
            IngestOutcome.Unchanged => IngestionItemStatus.Unchanged,
            _ => IngestionItemStatus.Failed,
        };
    }

    private async Task CompleteJobIfDoneAsync(PlatformDbContext db, Guid jobId)
    {
        var open = await db.IngestionItems.AnyAsync(i => i.JobId == jobId && i.CompletedAt == null);
        if (!open)
        {
            await db.IngestionJobs.Where(j => j.Id == jobId && j.CompletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.CompletedAt, timeProvider.GetUtcNow().UtcDateTime));
        }
    }

    /// <summary>Items a stop interrupted mid-way go back to the queue; their bytes are still stored.</summary>
    private async Task RequeueInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var requeued = await db.IngestionItems
            .Where(i => i.Status == IngestionItemStatus.Parsing)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IngestionItemStatus.Queued), cancellationToken);
        if (requeued > 0)
        {
            LogRequeued(logger, requeued);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting {Source} failed unexpectedly")]
    private static partial void LogItemFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-queued {Count} ingestion item(s) that a stop interrupted")]
    private static partial void LogRequeued(ILogger logger, int count);
}
