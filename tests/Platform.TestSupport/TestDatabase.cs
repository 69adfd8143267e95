using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Data.Postgres;
using Platform.Data.Sqlite;
using Platform.TestSupport.Servers;

namespace Platform.TestSupport;

/// <summary>
/// A real, freshly migrated store, migrated exactly as the server migrates it at start-up: a SQLite file in a temp
/// folder, or a database of its own on this test process's private PostgreSQL server. <see cref="TestEngine.Current"/>
/// (PLATFORM_TEST_DATABASE) picks which, so one test body proves a behaviour on both.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<PlatformDbContext>, IAsyncDisposable
{
    private readonly DbContextOptions<PlatformDbContext> _options;
    private readonly PostgresServer? _postgres;

    private TestDatabase(string engine, string connectionString, string? folder, PostgresServer? postgres)
    {
        Engine = engine;
        ConnectionString = connectionString;
        Folder = folder;
        _postgres = postgres;
        var builder = new DbContextOptionsBuilder<PlatformDbContext>();
        if (postgres is null)
        {
            builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteEngine.MigrationsAssembly))
                .AddInterceptors(new SqlitePragmaInterceptor(Options.Create(new DatabaseOptions())));
        }
        else
        {
            new PostgresEngine().Configure(builder, connectionString);
        }

        _options = builder.Options;
    }

    /// <summary><see cref="DatabaseOptions.Sqlite"/> or <see cref="DatabaseOptions.Postgres"/>.</summary>
    public string Engine { get; }

    /// <summary>What <c>Platform:Database:ConnectionString</c> would say for this store.</summary>
    public string ConnectionString { get; }

    /// <summary>The SQLite file's folder; null on PostgreSQL.</summary>
    public string? Folder { get; }

    /// <summary>The SQLite file; only SQLite tests ask for it.</summary>
    public string Path => Folder is null
        ? throw new InvalidOperationException("This test database is on PostgreSQL: it has no file.")
        : System.IO.Path.Combine(Folder, "platform.db");

    /// <summary>A fresh store on the engine this test run is for.</summary>
    public static Task<TestDatabase> CreateAsync() => CreateAsync(TestEngine.Current);

    /// <summary>A fresh store on <paramref name="engine"/>.</summary>
    public static async Task<TestDatabase> CreateAsync(string engine)
    {
        TestDatabase database;
        if (engine == DatabaseOptions.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            var name = "test_" + Guid.NewGuid().ToString("N");
            database = new TestDatabase(engine, await server.EnsureDatabaseAsync(name), folder: null, server);
        }
        else
        {
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "platform-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            database = new TestDatabase(engine, $"Data Source={System.IO.Path.Combine(folder, "platform.db")}", folder, postgres: null);
        }

        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public PlatformDbContext CreateDbContext() => new(_options);

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DropDatabaseAsync(new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Database!);
            return;
        }

        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(Folder!, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine is left for the OS to clean; it is in the temp folder.
        }
    }
}
