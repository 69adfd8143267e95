using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.TestSupport.Servers;

/// <summary>
/// A real server process (PostgreSQL, Redis) that a test run starts on loopback in a folder of its own, under a
/// watchdog shell that stops it and removes the folder when the test process exits, however it exits: nothing is
/// left running or on disk, and no system service is touched.
/// </summary>
public sealed class WatchedServer : IAsyncDisposable
{
    private readonly Process _watchdog;

    private WatchedServer(Process watchdog, string folder, int port)
    {
        _watchdog = watchdog;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>True when the tests run as root, where PostgreSQL refuses to: it then runs as the <c>postgres</c> user.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A new folder for one server, writable by the user it runs as.</summary>
    public static string NewFolder(string kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"platform-{kind}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (IsRoot && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }

        return folder;
    }

    /// <summary>
    /// Starts <paramref name="command"/> (a shell command line that runs the server in the foreground) in
    /// <paramref name="folder"/>; <paramref name="stop"/> is the shell command that stops it gracefully.
    /// </summary>
    public static WatchedServer Start(string folder, int port, string command, string stop)
    {
        // The watchdog polls the test process; when it is gone (or the server died, or stdin closed because the test
        // process asked), it stops the server, waits for it and removes the folder.
        var script = $$"""
            exec 3<&0
            cd {{Quote(folder)}}
            {{command}} > {{Quote(Path.Combine(folder, "server.log"))}} 2>&1 &
            server=$!
            owner={{Environment.ProcessId}}
            ( while read -r _; do :; done <&3; kill -TERM $$ 2>/dev/null ) &
            trap 'stop' TERM
            stop() { {{stop}}; wait $server 2>/dev/null; cd /; rm -rf {{Quote(folder)}}; exit 0; }
            while kill -0 $owner 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 0.5; done
            stop
            """;
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var watchdog = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        return new WatchedServer(watchdog, folder, port);
    }

    /// <summary>The server's own log, for a test that failed to reach it.</summary>
    public string Log()
    {
        var path = Path.Combine(Folder, "server.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    /// <summary>Waits until the server accepts TCP connections on its port.</summary>
    public async Task WaitForPortAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_watchdog.HasExited)
            {
                throw new InvalidOperationException($"The server in {Folder} exited at start: {Log()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_watchdog.HasExited)
        {
            _watchdog.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _watchdog.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _watchdog.Kill(entireProcessTree: true);
            }
        }

        _watchdog.Dispose();
    }

    internal static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
