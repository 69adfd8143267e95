using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;

namespace Platform.IntegrationTests;

/// <summary>The visitor hub driven by the real .NET SignalR client over a loopback socket.</summary>
public sealed class ChatHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendMessage_StreamsStartDeltasAndCompleted_AndTheDeltasAddUpToTheStoredText()
    {
        var visitor = await _server.Api.CreateConversationAsync();
        await using var chat = _server.Connect(visitor.VisitorToken);
        await chat.StartAsync();
        var started = await chat.StartConversationAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var ack = await chat.SendMessageAsync(started.ConversationId, "m-1", "How do I wash my down jacket?", timeout.Token);
        var events = await chat.ReadReplyAsync(ack.MessageId, timeout.Token);

        Assert.Equal(1, ack.Seq);
        Assert.False(ack.Duplicate);
        Assert.IsType<ReplyStartedEvent>(events[0]);
        var deltas = events.OfType<ReplyDeltaEvent>().ToList();
        var completed = Assert.IsType<ReplyCompletedEvent>(events[^1]);
        Assert.True(deltas.Count > 3, $"only {deltas.Count} deltas");
        Assert.Equal(Enumerable.Range(0, deltas.Count), deltas.Select(d => d.Index));
        Assert.Equal(completed.Message.Text, string.Concat(deltas.Select(d => d.Text)));
        Assert.NotEmpty(completed.Message.Citations);
        Assert.Equal(2, completed.Message.Seq);
    }

    [Fact]
    public async Task SendMessage_SameClientMessageIdTwice_StoresOneMessageAndRepliesOnce()
    {
        var visitor = await _server.Api.CreateConversationAsync();
        await using var chat = _server.Connect(visitor.VisitorToken);
        await chat.StartAsync();
        await chat.JoinConversationAsync(visitor.Id);
        using var timeout = new CancellationTokenSource(Patience);

        var first = await chat.SendMessageAsync(visitor.Id, "dup-1", "Do you ship internationally?", timeout.Token);
        await chat.ReadReplyAsync(first.MessageId, timeout.Token);
        var second = await chat.SendMessageAsync(visitor.Id, "dup-1", "Do you ship internationally?", timeout.Token);
        await Task.Delay(500, timeout.Token);

        Assert.True(second.Duplicate);
        Assert.Equal(first.MessageId, second.MessageId);
        var transcript = await _server.Api.GetMessagesAsync(visitor.Id, visitor.VisitorToken, timeout.Token);
        Assert.Equal(["visitor", "bot"], transcript.Select(m => m.Role));
    }

    [Fact]
    public async Task JoinConversation_ReturnsTheHistory()
    {
        var visitor = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(visitor.Id, visitor.VisitorToken, "What is your return window?");
        await using var chat = _server.Connect(visitor.VisitorToken);
        await chat.StartAsync();

        var joined = await chat.JoinConversationAsync(visitor.Id);

        Assert.Equal("bot", joined.State);
        Assert.Equal(["visitor", "bot"], joined.Messages.Select(m => m.Role));
    }

    [Fact]
    public async Task Visitor_CannotJoinOrWriteAnotherVisitorsConversation()
    {
        var alice = await _server.Api.CreateConversationAsync();
        var mallory = await _server.Api.CreateConversationAsync();
        await using var chat = _server.Connect(mallory.VisitorToken);
        await chat.StartAsync();

        var join = await Assert.ThrowsAsync<HubException>(() => chat.JoinConversationAsync(alice.Id));
        var send = await Assert.ThrowsAsync<HubException>(() => chat.SendMessageAsync(alice.Id, "x", "hello"));

        Assert.Contains("not found", join.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not found", send.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await _server.Api.GetMessagesAsync(alice.Id, alice.VisitorToken));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    public async Task SendMessage_Empty_IsRefusedWithAClearErrorAndNothingStored(string? text, string expected) =>
        await AssertRefused(chat => chat.Hub.InvokeAsync<SendMessageResult>(ChatHubContract.SendMessage, ConversationId, "c", text), expected);

    [Fact]
    public async Task SendMessage_Over4000Characters_IsRefusedWithAClearErrorAndNothingStored() =>
        await AssertRefused(chat => chat.SendMessageAsync(ConversationId, "c", new string('x', 4001)), "4000");

    [Fact]
    public async Task SendMessage_MalformedArguments_AreRefusedAndNothingStored() =>
        await AssertRefused(chat => chat.Hub.InvokeAsync<SendMessageResult>(ChatHubContract.SendMessage, "not-a-guid", 42, new { text = "hi" }), "");

    [Fact]
    public async Task Connect_WithoutAToken_IsRejected()
    {
        await using var chat = new Platform.Client.ChatConnection(_server.BaseUrl, visitorToken: "");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => chat.StartAsync());

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    private Guid ConversationId { get; set; }

    private async Task AssertRefused(Func<Platform.Client.ChatConnection, Task> send, string expected)
    {
        var visitor = await _server.Api.CreateConversationAsync();
        ConversationId = visitor.Id;
        await using var chat = _server.Connect(visitor.VisitorToken);
        await chat.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => send(chat));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await _server.Api.GetMessagesAsync(visitor.Id, visitor.VisitorToken));
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, chat.Hub.State);
    }
}
