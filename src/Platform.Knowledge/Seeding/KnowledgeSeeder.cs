using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Ingestion;

namespace Platform.Knowledge.Seeding;

/// <summary>
/// Creates the default knowledge base and, the first time only, ingests the seed folder into it. Later starts leave
/// it alone, so documents an admin removed do not come back.
/// </summary>
public sealed partial class KnowledgeSeeder(
    KnowledgeIngestor ingestor,
    IDbContextFactory<PlatformDbContext> contextFactory,
    IOptions<KnowledgeOptions> options,
    IHostEnvironment environment,
    KnowledgeReadiness readiness,
    ILogger<KnowledgeSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SeedAsync(stoppingToken);
            readiness.MarkReady();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbUpdateException)
        {
            readiness.MarkFailed(ex.Message);
            LogSeedFailed(logger, ex);
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var knowledgeBase = await ingestor.EnsureKnowledgeBaseAsync(settings.DefaultKnowledgeBase, "Default knowledge base", cancellationToken);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Documents.AnyAsync(d => d.KnowledgeBaseId == knowledgeBase.Id, cancellationToken))
            {
                return;
            }
        }

        if (string.IsNullOrWhiteSpace(settings.SeedPath))
        {
            return;
        }

        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, settings.SeedPath));
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Platform:KnowledgeBase:SeedPath '{folder}' does not exist.");
        }

        var results = await ingestor.IngestFolderAsync(knowledgeBase.Id, folder, cancellationToken);
        var failed = results.Count(r => r.Outcome == IngestOutcome.Failed);
        var chunks = results.Sum(r => r.Chunks);
        LogSeeded(logger, results.Count - failed, chunks, failed, folder);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the default knowledge base with {Documents} document(s), {Chunks} chunk(s); {Failed} failed; from {Folder}")]
    private static partial void LogSeeded(ILogger logger, int documents, int chunks, int failed, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seeding the default knowledge base failed")]
    private static partial void LogSeedFailed(ILogger logger, Exception exception);
}
