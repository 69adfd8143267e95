using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Data;

/// <summary>Applies pending migrations before the server accepts traffic, so no request meets an old schema.</summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<PlatformDbContext> contextFactory, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogApplying(logger, pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }

        LogReady(logger, db.Database.GetDbConnection());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, IReadOnlyList<string> migrations);

    private static void LogReady(ILogger logger, System.Data.Common.DbConnection connection)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogDatabaseReady(logger, connection.DataSource);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready at {DataSource}")]
    private static partial void LogDatabaseReady(ILogger logger, string dataSource);
}
