using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Platform.Data.Sqlite;

/// <summary>The embedded engine: a SQLite file in WAL mode, its path relative to the content root.</summary>
public sealed class SqliteEngine(IHostEnvironment environment, SqlitePragmaInterceptor pragmas) : IDatabaseEngine
{
    /// <summary>The assembly that holds the SQLite migrations (<c>migrations/Platform.Migrations.Sqlite</c>).</summary>
    public const string MigrationsAssembly = "Platform.Migrations.Sqlite";

    public void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseSqlite(
                SqliteConnectionStrings.Resolve(connectionString, environment.ContentRootPath),
                sqlite => sqlite.MigrationsAssembly(MigrationsAssembly))
            .AddInterceptors(pragmas);
    }
}
