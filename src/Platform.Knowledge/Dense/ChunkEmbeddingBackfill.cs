using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Data;
using Platform.Knowledge.Seeding;

namespace Platform.Knowledge.Dense;

/// <summary>
/// Embeds the chunks that have no vector from the current embedding model: all of them the first time a model is
/// configured or after it changes, and any whose embedding failed at ingestion. Runs once per start, in the
/// background, in small batches; until it is done those chunks are found by keywords alone.
/// </summary>
public sealed partial class ChunkEmbeddingBackfill(
    IDbContextFactory<PlatformDbContext> contextFactory,
    ChunkEmbedder embedder,
    ChunkVectorIndex vectors,
    KnowledgeReadiness readiness,
    ILogger<ChunkEmbeddingBackfill> logger) : BackgroundService
{
    private const int BatchSize = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!embedder.IsEnabled)
        {
            return;
        }

        try
        {
            // The seed goes through the ingestor, which embeds as it goes; waiting avoids embedding its chunks twice.
            while (!readiness.IsReady && readiness.Failure is null)
            {
                await Task.Delay(200, stoppingToken);
            }

            var total = await RunAsync(stoppingToken);
            if (total > 0)
            {
                LogBackfilled(logger, total, embedder.Model);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogBackfillFailed(logger, ex);
        }
    }

    /// <summary>Embeds every chunk that lacks a vector from the current model; returns how many it embedded.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var model = embedder.Model;
        var total = 0;
        var touched = new HashSet<Guid>();
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
            var embedded = await embedder.EmbedAsync([.. chunks.Select(c => ChunkEmbedder.TextOf(c.Title, c.HeadingPath, c.Text))], cancellationToken);

            // A vector from an older model for the same chunk is replaced, not kept beside the new one.
            var ids = chunks.Select(c => c.Id).ToList();
            await db.ChunkEmbeddings.Where(e => ids.Contains(e.ChunkId)).ExecuteDeleteAsync(cancellationToken);
            db.ChunkEmbeddings.AddRange(embedder.ToRows(chunks, embedded));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A chunk deleted meanwhile; the next start picks up whatever this batch missed.
                continue;
            }

            total += chunks.Count;
            touched.UnionWith(batch.Select(b => b.KnowledgeBaseId));
        }

        foreach (var knowledgeBaseId in touched)
        {
            vectors.Invalidate(knowledgeBaseId);
        }

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded {Count} chunk(s) that had no vector from {Model}")]
    private static partial void LogBackfilled(ILogger logger, int count, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding the knowledge bases' remaining chunks failed; they are found by keywords only")]
    private static partial void LogBackfillFailed(ILogger logger, Exception exception);
}
