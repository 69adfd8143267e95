using System.Net;
using System.Net.Sockets;

namespace Platform.TestSupport.Servers;

/// <summary>
/// A TCP load balancer on loopback in failover mode, as one in front of a deployment's nodes: each new connection
/// goes to the first backend that accepts it, so clients reach the first node while it lives and the next one
/// after it dies. Bytes are piped both ways untouched (HTTP, WebSockets, PostgreSQL's protocol). <see cref="CutAsync"/>
/// drops every connection and refuses new ones, as a network partition would, until <see cref="Restore"/>.
/// </summary>
public sealed class FailoverProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<Uri> _backends;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<CancellationTokenSource, byte> _open = new();
    private volatile bool _cut;

    public FailoverProxy(IReadOnlyList<Uri> backends)
    {
        _backends = backends;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    public int Port => Url.Port;

    /// <summary>Drops every open connection and closes each new one at once.</summary>
    public async Task CutAsync()
    {
        _cut = true;
        foreach (var connection in _open.Keys)
        {
            await connection.CancelAsync();
        }
    }

    /// <summary>Lets connections through again.</summary>
    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(inbound));
        }
    }

    private async Task ServeAsync(TcpClient inbound)
    {
        using (inbound)
        {
            if (_cut)
            {
                return;
            }

            foreach (var backend in _backends)
            {
                using var outbound = new TcpClient();
                try
                {
                    await outbound.ConnectAsync(backend.Host, backend.Port, _stop.Token);
                }
                catch (SocketException)
                {
                    continue; // that node is down: the next one
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var client = inbound.GetStream();
                var server = outbound.GetStream();
                using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                _open[done] = 0;
                try
                {
                    var up = PipeAsync(client, server, done.Token);
                    var down = PipeAsync(server, client, done.Token);
                    await Task.WhenAny(up, down);
                    await done.CancelAsync();
                }
                finally
                {
                    _open.TryRemove(done, out _);
                }

                return;
            }
        }
    }

    private static async Task PipeAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side closed or died; the other is closed with it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
