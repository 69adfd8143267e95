using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Data.Common;
using Platform.Data;
using Platform.Domain;
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
            // Items whose node stopped mid-way (this one before a restart, or another) go back to the queue: at
            // start, and whenever the queue runs dry, not before every item.
            await RequeueInterruptedAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await ProcessNextAsync(stoppingToken))
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                    await RequeueInterruptedAsync(stoppingToken);
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
            var lease = startedAt + Leases.Term;
            var claimed = await db.IngestionItems
                .Where(i => i.Id == item.Id && i.Status == IngestionItemStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, IngestionItemStatus.Parsing)
                    .SetProperty(i => i.StartedAt, startedAt)
                    .SetProperty(i => i.LeaseExpiresAt, lease), cancellationToken);
            if (claimed == 1)
            {
                item.Status = IngestionItemStatus.Parsing;
                item.StartedAt = startedAt;
                item.LeaseExpiresAt = lease;
                break;
            }

            // Another node took it first; the tracked copy is stale.
            db.ChangeTracker.Clear();
        }

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewLeaseAsync(item.Id, renewing.Token);
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

        await renewing.CancelAsync();
        await renewal;
        item.Content = null;
        item.LeaseExpiresAt = null;
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

    /// <summary>Keeps this node's hold on the item it parses, until <paramref name="cancellationToken"/> says it is done.</summary>
    private async Task RenewLeaseAsync(Guid itemId, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Leases.RenewEvery, timeProvider, cancellationToken);
                await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
                var until = timeProvider.GetUtcNow().UtcDateTime + Leases.Term;
                await db.IngestionItems
                    .Where(i => i.Id == itemId && i.Status == IngestionItemStatus.Parsing)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, until), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            // The store is away: the lease may run out and another node take the item; its result is the same file's.
            LogLeaseRenewalFailed(logger, ex.Message);
        }
    }

    /// <summary>
    /// Items whose node stopped mid-way (no lease, or one that ran out) go back to the queue; their bytes are still
    /// stored. An item another node is parsing keeps its live lease and is left alone.
    /// </summary>
    private async Task RequeueInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var requeued = await db.IngestionItems
            .Where(i => i.Status == IngestionItemStatus.Parsing && (i.LeaseExpiresAt == null || i.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IngestionItemStatus.Queued).SetProperty(i => i.LeaseExpiresAt, (DateTime?)null), cancellationToken);
        if (requeued > 0)
        {
            LogRequeued(logger, requeued);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting {Source} failed unexpectedly")]
    private static partial void LogItemFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-queued {Count} ingestion item(s) that a stop interrupted")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of the item being parsed failed: {Reason}")]
    private static partial void LogLeaseRenewalFailed(ILogger logger, string reason);
}
