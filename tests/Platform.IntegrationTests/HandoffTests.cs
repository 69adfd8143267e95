using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Client;
using Platform.Contracts.Agents;
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

    [Fact]
    public async Task NobodyOnline_TheVisitorIsToldAndLeavesAnEmail_WhichAgentsSeeAsATicket()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "talk to a human", "m1");
        Assert.Contains("nobody is online", reply.Reply.Text, StringComparison.Ordinal);

        using var bad = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversation.Id}/contact") { Content = JsonContent.Create(new ContactRequestBody("not an email")) };
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);
        using var badResponse = await _server.Http.SendAsync(bad);
        using var good = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversation.Id}/contact") { Content = JsonContent.Create(new ContactRequestBody("walker@example.test")) };
        good.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);
        using var goodResponse = await _server.Http.SendAsync(good);

        Assert.Equal(HttpStatusCode.BadRequest, badResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Created, goodResponse.StatusCode);
        var (agent, _) = await _server.SignInAsync(PlatformServer.AdminEmail, PlatformServer.AdminPassword);
        using var signedIn = agent;
        var tickets = await agent.GetFromJsonAsync<List<TicketDto>>("api/v1/tickets");
        Assert.Equal("walker@example.test", Assert.Single(tickets!, t => t.ConversationId == conversation.Id).Email);
    }

    [Fact]
    public async Task TheTalkToAPersonButton_QueuesTheChatOnce_OverTheHub()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        await using var visitor = _server.Connect(conversation.VisitorToken);
        await visitor.StartAsync();

        var first = await visitor.RequestPersonAsync(conversation.Id);
        var again = await visitor.RequestPersonAsync(conversation.Id);

        Assert.True(first.Queued);
        Assert.Equal("handoff", first.Notice!.Source);
        Assert.False(again.Queued);
        var (state, handoffs) = await StateAsync(conversation.Id);
        Assert.Equal(ConversationState.Queued, state);
        Assert.Contains("talk to a person", Assert.Single(handoffs).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVisitorToken_CannotOpenTheAgentHub()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseUrl, Platform.Contracts.Hubs.AgentHubContract.Route), o => o.AccessTokenProvider = () => Task.FromResult<string?>(conversation.VisitorToken))
            .Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private async Task<(ConversationState State, List<Handoff> Handoffs)> StateAsync(Guid conversationId)
    {
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        var state = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.State).SingleAsync();
        return (state, await db.Handoffs.Where(h => h.ConversationId == conversationId).ToListAsync());
    }
}
