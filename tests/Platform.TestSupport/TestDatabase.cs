using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Sqlite;

namespace Platform.TestSupport;

/// <summary>A real SQLite file in a temp folder, migrated exactly as the server migrates it at start-up.</summary>
public sealed class TestDatabase : IDbContextFactory<PlatformDbContext>, IAsyncDisposable
{
    private readonly DbContextOptions<PlatformDbContext> _options;

    private TestDatabase(string folder)
    {
        Folder = folder;
        Path = System.IO.Path.Combine(folder, "platform.db");
        _options = new DbContextOptionsBuilder<PlatformDbContext>()
            .UseSqlite($"Data Source={Path}", sqlite => sqlite.MigrationsAssembly(DependencyInjection.SqliteMigrationsAssembly))
            .AddInterceptors(new SqlitePragmaInterceptor(Options.Create(new DatabaseOptions())))
            .Options;
    }

    public string Folder { get; }

    public string Path { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "platform-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = new TestDatabase(folder);
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public PlatformDbContext CreateDbContext() => new(_options);

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine is left for the OS to clean; it is in the temp folder.
        }
    }
}
