using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Client;
using Platform.Data;
using Platform.Domain.Conversations;
using Platform.Domain.Handoffs;

namespace Platform.IntegrationTests;

/// <summary>The bot handing chats to a person, over the real server and a real SQLite file.</summary>
public sealed class HandoffTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AskingForAPerson_HandsOff_AndTheBotStaysSilentWhileTheChatWaits()
    {
        var conversation = await _server.Api.CreateConversationAsync();

        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "can I talk to a real person please", "m1");

        Assert.True(reply.Reply.Handoff);
        Assert.Equal("handoff", reply.Reply.Source);
        var (state, handoffs) = await StateAsync(conversation.Id);
        Assert.Equal(ConversationState.Queued, state);
        var handoff = Assert.Single(handoffs);
        Assert.Equal(HandoffReason.VisitorAsked, handoff.Reason);
        Assert.Equal(HandoffStatus.Waiting, handoff.Status);

        // The next message is stored for the person, and the bot does not answer it.
        var error = await Assert.ThrowsAsync<PlatformApiException>(() =>
            _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how long does shipping take?", "m2"));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        var transcript = await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.Equal("how long does shipping take?", transcript[^1].Text);
        Assert.Single((await StateAsync(conversation.Id)).Handoffs);
    }

    [Fact]
    public async Task TwoQuestionsInARowWithoutAnAnswer_HandOffOnTheSecond_RecordingWhy()
    {
        var conversation = await _server.Api.CreateConversationAsync();

        var first = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "do you sell kayaks", "m1");
        var second = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "what about canoe paddles", "m2");

        Assert.False(first.Reply.Handoff);
        Assert.True(first.Reply.OfferHuman);
        Assert.True(second.Reply.Handoff);
        Assert.Equal(HandoffReason.RepeatedFailure, Assert.Single((await StateAsync(conversation.Id)).Handoffs).Reason);
    }

    [Fact]
    public async Task AcceptingTheBotsOfferOfAPerson_HandsOff()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "do you sell kayaks", "m1");

        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "yes please", "m2");

        Assert.True(reply.Reply.Handoff);
        Assert.Equal(HandoffReason.VisitorAsked, Assert.Single((await StateAsync(conversation.Id)).Handoffs).Reason);
    }

    [Fact]
    public async Task AnAnsweredQuestion_DoesNotHandOff()
    {
        var conversation = await _server.Api.CreateConversationAsync();

        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how much do i need to spend to get free shipping?", "m1");

        Assert.False(reply.Reply.Handoff);
        Assert.Equal(ConversationState.Bot, (await StateAsync(conversation.Id)).State);
    }

    private async Task<(ConversationState State, List<Handoff> Handoffs)> StateAsync(Guid conversationId)
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        var state = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.State).SingleAsync();
        return (state, await db.Handoffs.Where(h => h.ConversationId == conversationId).ToListAsync());
    }
}
