using System.Diagnostics;
using Npgsql;

namespace Platform.TestSupport.Servers;

/// <summary>
/// A private PostgreSQL server for this test process: <c>initdb</c> into a temp folder, <c>postgres</c> on a free
/// loopback port with durability off (the tests' data is thrown away), one database per test. Started once, on
/// first use, and stopped when the process exits.
/// </summary>
public sealed class PostgresServer
{
    private const string User = "platform";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly WatchedServer _process;

    private PostgresServer(WatchedServer process) => _process = process;

    public int Port => _process.Port;

    /// <summary>The server of this test process, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        // Tests open many short-lived servers on one database server: keep idle connections few.
        MaxPoolSize = 20,
        ConnectionIdleLifetime = 10,
    }.ConnectionString;

    /// <summary>Creates <paramref name="database"/> unless it exists (a restarted server finds its data again).</summary>
    public async Task<string> EnsureDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is null)
        {
            // The name is the caller's constant or a hex id, never input; identifiers cannot be parameters.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(database);
    }

    /// <summary>Drops <paramref name="database"/>, closing whatever still holds it open.</summary>
    public async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = BinFolder();
        var folder = WatchedServer.NewFolder("postgres");
        var data = Path.Combine(folder, "data");
        var asUser = WatchedServer.IsRoot ? "runuser -u postgres -- " : string.Empty;
        var initLog = Path.Combine(folder, "initdb.log");
        await RunAsync(initLog, "bash", ["-c", $"{asUser}{WatchedServer.Quote(Path.Combine(bin, "initdb"))} -D {WatchedServer.Quote(data)} -U {User} -A trust -E UTF8 --locale=C --no-sync > {WatchedServer.Quote(initLog)} 2>&1"]);
        var port = WatchedServer.FreePort();
        var postgres = $"{asUser}{WatchedServer.Quote(Path.Combine(bin, "postgres"))} -D {WatchedServer.Quote(data)} -p {port} -k {WatchedServer.Quote(folder)} " +
            "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB";
        // SIGINT is PostgreSQL's fast shutdown; the first line of postmaster.pid is the postmaster's pid.
        var stop = $"kill -INT $(head -1 {WatchedServer.Quote(Path.Combine(data, "postmaster.pid"))}) 2>/dev/null";
        var process = WatchedServer.Start(folder, port, postgres, stop);
        await process.WaitForPortAsync(TimeSpan.FromSeconds(60));
        var server = new PostgresServer(process);
        await server.WaitForQueriesAsync(process);
        return server;
    }

    private async Task WaitForQueriesAsync(WatchedServer process)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                // "the database system is starting up"
                await Task.Delay(100);
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException($"PostgreSQL did not accept connections: {process.Log()}", ex);
            }
        }
    }

    /// <summary>PLATFORM_TEST_POSTGRES_BIN, else the newest /usr/lib/postgresql/*/bin (Debian's layout).</summary>
    private static string BinFolder()
    {
        if (Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: the tests need its server binaries (Debian: apt-get install postgresql; .ci/run installs it), " +
            "or PLATFORM_TEST_POSTGRES_BIN naming the folder of initdb and postgres.");
    }

    private static async Task RunAsync(string log, string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} exited with {process.ExitCode}: {(File.Exists(log) ? File.ReadAllText(log) : "(no log)")}");
        }
    }
}
