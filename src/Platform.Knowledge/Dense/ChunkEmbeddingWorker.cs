using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Data;

namespace Platform.Knowledge.Dense;

/// <summary>How far the vectors of a knowledge base are: chunks with a vector from the current model, of all its chunks.</summary>
public sealed record VectorStatus(string Model, int Embedded, int Total, bool Running, string? LastError)
{
    /// <summary>True when every chunk has its vector; until then the missing ones are found by keywords alone.</summary>
    public bool Complete => Embedded >= Total;
}

/// <summary>
/// Embeds, in the background, every chunk that has no vector from the current embedding model: new chunks after each
/// ingestion (which commits the text at once, so keyword search finds it immediately), all of them the first time a
/// model is configured or after it changes, and any whose embedding failed. Woken by <see cref="Wake"/> and at start;
/// works in batches, and the dense index picks up each batch's vectors as they land.
/// </summary>
public sealed partial class ChunkEmbeddingWorker(
    IDbContextFactory<PlatformDbContext> contextFactory,
    ChunkEmbedder embedder,
    ChunkVectorIndex vectors,
    ILogger<ChunkEmbeddingWorker> logger) : BackgroundService
{
    private const int BatchSize = 64;

    // The index reloads a knowledge base's vectors whole; refreshing it at most this often keeps a big backfill cheap.
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _running;
    private volatile string? _lastError;

    /// <summary>Asks the worker to look for chunks without vectors (after an ingestion); cheap, and repeated calls coalesce.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; the coming run sees these chunks too.
        }
    }

    public async Task<VectorStatus> GetStatusAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        var model = embedder.Model;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var chunks = db.Chunks.Where(c => c.Document!.KnowledgeBaseId == knowledgeBaseId);
        var total = await chunks.CountAsync(cancellationToken);
        var embedded = embedder.IsEnabled
            ? await chunks.CountAsync(c => db.ChunkEmbeddings.Any(e => e.ChunkId == c.Id && e.Model == model), cancellationToken)
            : 0;
        return new VectorStatus(embedder.IsEnabled ? model : "none", embedded, total, _running, _lastError);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!embedder.IsEnabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var total = await RunAsync(stoppingToken);
                    if (total > 0)
                    {
                        LogEmbedded(logger, total, embedder.Model);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _lastError = ex.Message;
                    LogEmbeddingFailed(logger, ex);
                }

                await _wake.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Embeds every chunk that lacks a vector from the current model; returns how many it embedded. One run at a time.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!embedder.IsEnabled)
        {
            return 0;
        }

        await _gate.WaitAsync(cancellationToken);
        _running = true;
        try
        {
            var total = await EmbedMissingAsync(cancellationToken);
            _lastError = null;
            return total;
        }
        finally
        {
            _running = false;
            _gate.Release();
        }
    }

    private async Task<int> EmbedMissingAsync(CancellationToken cancellationToken)
    {
        var model = embedder.Model;
        var total = 0;
        var stale = new HashSet<Guid>();
        var refreshed = Stopwatch.GetTimestamp();
        long after = 0;
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Chunks.AsNoTracking()
                .Where(c => c.Id > after && !db.ChunkEmbeddings.Any(e => e.ChunkId == c.Id && e.Model == model))
                .OrderBy(c => c.Id)
                .Take(BatchSize)
                .Select(c => new { Chunk = c, c.Document!.KnowledgeBaseId })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Chunk.Id;
            var chunks = batch.Select(b => b.Chunk).ToList();
            var rows = await embedder.EmbedChunksAsync(chunks, cancellationToken);

            // Vectors from an older model (or an older heading vector) are replaced, not kept beside the new ones.
            var ids = chunks.Select(c => c.Id).ToList();
            await db.ChunkEmbeddings.Where(e => ids.Contains(e.ChunkId)).ExecuteDeleteAsync(cancellationToken);
            db.ChunkEmbeddings.AddRange(rows);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A chunk deleted meanwhile; the next run picks up whatever this batch missed.
                continue;
            }

            total += chunks.Count;
            stale.UnionWith(batch.Select(b => b.KnowledgeBaseId));
            if (Stopwatch.GetElapsedTime(refreshed) >= RefreshEvery)
            {
                Refresh(stale);
                refreshed = Stopwatch.GetTimestamp();
            }
        }

        Refresh(stale);
        return total;
    }

    private void Refresh(HashSet<Guid> knowledgeBases)
    {
        foreach (var knowledgeBaseId in knowledgeBases)
        {
            vectors.Invalidate(knowledgeBaseId);
        }

        knowledgeBases.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded {Count} chunk(s) that had no vector from {Model}")]
    private static partial void LogEmbedded(ILogger logger, int count, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding chunks failed; the chunks without vectors are found by keywords only until the next ingestion or restart retries them")]
    private static partial void LogEmbeddingFailed(ILogger logger, Exception exception);
}
