namespace Platform.TestSupport.Servers;

/// <summary>
/// A private Redis server for this test process (Debian's redis-server): a free loopback port, no persistence, a
/// temp folder, stopped when the process exits. <see cref="StartAsync"/> starts one of a test's own, for a test that
/// stops Redis under a running node.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<RedisServer>> Shared = new(() => StartAsync());

    private WatchedServer _process;

    private RedisServer(WatchedServer process) => _process = process;

    public int Port => _process.Port;

    /// <summary>The StackExchange.Redis configuration string, as <c>Platform:Redis:Configuration</c> takes it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The server of this test process, started on first use; tests keep apart by key prefix.</summary>
    public static Task<RedisServer> GetAsync() => Shared.Value;

    /// <summary>A server of the caller's own, on <paramref name="port"/> (0: a free one).</summary>
    public static async Task<RedisServer> StartAsync(int port = 0)
    {
        var server = new RedisServer(await LaunchAsync(port == 0 ? WatchedServer.FreePort() : port));
        return server;
    }

    /// <summary>Stops the server (a node's Redis going away); <see cref="RestartAsync"/> brings it back on the same port.</summary>
    public ValueTask StopAsync() => _process.DisposeAsync();

    public async Task RestartAsync() => _process = await LaunchAsync(Port);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<WatchedServer> LaunchAsync(int port)
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: the scale-out tests need it (Debian: apt-get install redis-server; .ci/run installs it).");
        var folder = WatchedServer.NewFolder("redis");
        var command = $"{binary} --port {port} --bind 127.0.0.1 --save '' --appendonly no --dir {WatchedServer.Quote(folder)} --protected-mode no";
        var process = WatchedServer.Start(folder, port, command, "kill -TERM $server 2>/dev/null");
        await process.WaitForPortAsync(TimeSpan.FromSeconds(30));
        return process;
    }
}
