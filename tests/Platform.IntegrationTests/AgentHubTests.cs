using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Client;
using Platform.Contracts.Agents;
using Platform.Contracts.Hubs;

namespace Platform.IntegrationTests;

/// <summary>Two real agent clients and one visitor client over SignalR: the race on accept and the live relay both ways.</summary>
public sealed class AgentHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AgentsAndVisitor_LiveOverSignalR_OneAcceptWins_MessagesRelayBothWays_BotSilentUntilReturned()
    {
        await using var first = await ConnectAgentAsync("hub-first@example.test");
        await using var second = await ConnectAgentAsync("hub-second@example.test");
        var conversation = await _server.Api.CreateConversationAsync();
        await using var visitor = _server.Connect(conversation.VisitorToken);
        await visitor.StartAsync();
        await visitor.JoinConversationAsync(conversation.Id);

        var ask = await visitor.SendMessageAsync(conversation.Id, "m1", "I'd like to speak with a human please");
        var reply = await visitor.ReadReplyAsync(ask.MessageId);
        var handedOff = Assert.IsType<ReplyCompletedEvent>(reply[^1]);
        Assert.True(handedOff.Handoff);
        Assert.Contains("connecting you with a person", handedOff.Message.Text, StringComparison.Ordinal);
        var queued = await first.NextAsync<HandoffDto>(nameof(IAgentConsoleClient.HandoffQueued));
        Assert.Equal(conversation.Id, queued.ConversationId);
        Assert.Equal("VisitorAsked", queued.Reason);

        // Both accept at once: exactly one gets the transcript, the other a clear refusal.
        var attempts = await Task.WhenAll(TryAccept(first, queued.Id), TryAccept(second, queued.Id));
        var winner = Assert.Single(attempts, a => a.Result is not null);
        Assert.Single(attempts, a => a.Error is not null);
        Assert.Contains(winner.Result!.Transcript, m => m.Text == "I'd like to speak with a human please");
        var owner = winner.Agent;
        Assert.Equal("agent", (await visitor.NextAsync<OwnerChangedEvent>()).State);

        // Agent to visitor, live.
        await owner.Connection.InvokeAsync(AgentHubContract.Send, queued.Id, "Hi, this is Sam. What happened?");
        Assert.Equal("Hi, this is Sam. What happened?", (await visitor.NextAsync<ConversationMessageEvent>()).Message.Text);

        // Visitor to agent, live; the bot does not answer.
        await visitor.SendMessageAsync(conversation.Id, "m2", "my tent pole snapped on day one");
        var relayed = await owner.NextAsync<ConversationMessageEvent>(nameof(IAgentConsoleClient.VisitorMessage));
        Assert.Equal("my tent pole snapped on day one", relayed.Message.Text);
        Assert.Equal("visitor", relayed.Message.Role);

        // Back to the bot: the visitor is told, and the bot answers the next question.
        await owner.Connection.InvokeAsync(AgentHubContract.ReturnToBot, queued.Id);
        Assert.Equal("bot", (await visitor.NextAsync<OwnerChangedEvent>()).State);
        var question = await visitor.SendMessageAsync(conversation.Id, "m3", "how much do i need to spend to get free shipping?");
        var answer = Assert.IsType<ReplyCompletedEvent>((await visitor.ReadReplyAsync(question.MessageId))[^1]);
        Assert.False(answer.Handoff);
        Assert.Equal("bot", answer.Message.Role);
    }

    private static async Task<(AgentClient Agent, AcceptResult? Result, string? Error)> TryAccept(AgentClient agent, Guid handoffId)
    {
        try
        {
            return (agent, await agent.Connection.InvokeAsync<AcceptResult>(AgentHubContract.Accept, handoffId), null);
        }
        catch (HubException ex)
        {
            return (agent, null, ex.Message);
        }
    }

    private Task<AgentClient> ConnectAgentAsync(string email) => AgentClient.ConnectAsync(_server, email, Wait);
}

internal static class ChatConnectionEvents
{
    /// <summary>The next event of type <typeparamref name="T"/>, skipping others.</summary>
    public static async Task<T> NextAsync<T>(this ChatConnection connection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await connection.Events.ReadAsync(timeout.Token) is T match)
            {
                return match;
            }
        }
    }
}
