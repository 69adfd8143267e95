using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.TestSupport;

namespace Platform.IntegrationTests;

/// <summary>
/// The server as its own operating-system process (the built <c>Platform.Server.dll</c> under <c>dotnet</c>), on a
/// loopback port, with its own data folder: for tests where two nodes must really be two processes. Killed, with
/// its children, on dispose.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServerProcess(Process process, StringBuilder output, Uri baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a server process; two started on one <paramref name="dataFolder"/> share its store (on PostgreSQL: one database).</summary>
    public static async Task<ServerProcess> StartAsync(IDictionary<string, string?> settings, TimeSpan timeout, string? dataFolder = null)
    {
        var port = FreePort();
        var data = dataFolder ?? PlatformServer.NewDataFolder();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Platform.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string?>(await TestStoreSettings.ForAsync(data))
        {
            ["Platform:Server:KeysPath"] = Path.Combine(data, "keys"),
            ["Platform:Admin:ApiKey"] = PlatformServer.AdminApiKey,
            ["Platform:KnowledgeBase:SeedPath"] = RepositoryPaths.SampleKnowledgeBase,
            ["Platform:Embeddings:Model"] = "none",
            ["Platform:Model:Path"] = string.Empty,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, output, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
        {
            try
            {
                using var ready = await server.Http.GetAsync("readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        var tail = server.OutputTail();
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server process did not become ready within {timeout.TotalSeconds:0} s (exited: {process.HasExited}). Its output ends:\n{tail}");
    }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string OutputTail()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
