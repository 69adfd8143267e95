using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Agents;
using Platform.Contracts.Hubs;

namespace Platform.IntegrationTests;

/// <summary>An agent console's connection, with each event it receives queued by name.</summary>
internal sealed class AgentClient : IAsyncDisposable
{
    private readonly Channel<(string Name, object Payload)> _events = Channel.CreateUnbounded<(string, object)>();

    private readonly TimeSpan _wait;

    private AgentClient(HubConnection connection, TimeSpan wait)
    {
        Connection = connection;
        _wait = wait;
        connection.On<HandoffDto>(nameof(IAgentConsoleClient.HandoffQueued), e => _events.Writer.TryWrite((nameof(IAgentConsoleClient.HandoffQueued), e)));
        connection.On<HandoffTakenEvent>(nameof(IAgentConsoleClient.HandoffTaken), e => _events.Writer.TryWrite((nameof(IAgentConsoleClient.HandoffTaken), e)));
        connection.On<ConversationMessageEvent>(nameof(IAgentConsoleClient.VisitorMessage), e => _events.Writer.TryWrite((nameof(IAgentConsoleClient.VisitorMessage), e)));
    }

    public HubConnection Connection { get; }

    /// <summary>Signs a new agent in on <paramref name="server"/> and connects it to that server's agent hub.</summary>
    public static async Task<AgentClient> ConnectAsync(PlatformServer server, string email, TimeSpan wait)
    {
        var (http, token) = await server.SignInAsync(await server.CreateAgentAsync(email), PlatformServer.AgentPassword);
        http.Dispose();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseUrl, AgentHubContract.Route), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new AgentClient(connection, wait);
        await connection.StartAsync();
        return client;
    }

    public async Task<T> NextAsync<T>(string name)
    {
        using var timeout = new CancellationTokenSource(_wait);
        while (true)
        {
            var (eventName, payload) = await _events.Reader.ReadAsync(timeout.Token);
            if (eventName == name)
            {
                return (T)payload;
            }
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
