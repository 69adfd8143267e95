using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Client;
using Platform.Contracts.Agents;

namespace Platform.IntegrationTests;

/// <summary>Agents and admins: Identity sign-in with lockout, roles, and the hand-off queue over the real server.</summary>
public sealed class AgentTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SignIn_WrongPasswordFiveTimes_LocksTheAccountEvenForTheRightOne()
    {
        await CreateAgentAsync("lock@example.test");
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await _server.Http.PostAsJsonAsync("api/v1/auth/login", new SignInRequest("lock@example.test", "not-it"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var fifth = await _server.Http.PostAsJsonAsync("api/v1/auth/login", new SignInRequest("lock@example.test", "not-it"));
        using var right = await _server.Http.PostAsJsonAsync("api/v1/auth/login", new SignInRequest("lock@example.test", PlatformServer.AgentPassword));

        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.Locked, right.StatusCode);
    }

    [Fact]
    public async Task AgentEndpoints_WithoutATokenOrWithAVisitorToken_Are401_AndAnAgentCannotManageAccounts()
    {
        using var anonymous = await _server.Http.GetAsync("api/v1/handoffs");
        var visitor = await _server.Api.CreateConversationAsync();
        using var asVisitor = new HttpRequestMessage(HttpMethod.Get, "api/v1/handoffs");
        asVisitor.Headers.Authorization = new AuthenticationHeaderValue("Bearer", visitor.VisitorToken);
        using var visitorResponse = await _server.Http.SendAsync(asVisitor);
        using var agent = await SignedInAsync(await CreateAgentAsync("plain@example.test"));
        using var accounts = await agent.GetAsync("api/v1/agents");
        using var queue = await agent.GetAsync("api/v1/handoffs");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, visitorResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, accounts.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
    }

    [Fact]
    public async Task TwoAgentsAcceptAtOnce_ExactlyOneGetsTheChat_ThenReplies_AndReturnsItToTheBot()
    {
        using var first = await SignedInAsync(await CreateAgentAsync("first@example.test"));
        using var second = await SignedInAsync(await CreateAgentAsync("second@example.test"));
        var conversation = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "I want to talk to a human", "m1");
        var waiting = await first.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs");
        var handoff = Assert.Single(waiting!, h => h.ConversationId == conversation.Id);
        Assert.Equal("VisitorAsked", handoff.Reason);

        var accepts = await Task.WhenAll(
            first.PostAsync($"api/v1/handoffs/{handoff.Id}/accept", null),
            second.PostAsync($"api/v1/handoffs/{handoff.Id}/accept", null));

        Assert.Equal(1, accepts.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, accepts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var owner = accepts[0].StatusCode == HttpStatusCode.OK ? first : second;
        var other = owner == first ? second : first;

        // The agent answers; the other agent may not; the visitor's messages reach the transcript and the bot is silent.
        using var reply = await owner.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/messages", new AgentMessageRequest("Hi, I'm Sam. How can I help?"));
        using var intruder = await other.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/messages", new AgentMessageRequest("me too"));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, intruder.StatusCode);
        await Assert.ThrowsAsync<PlatformApiException>(() => _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "where is my order?", "m2"));
        var transcript = await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.Contains(transcript, m => m.Role == "agent" && m.Text == "Hi, I'm Sam. How can I help?");

        // Back to the bot: it answers again, and its earlier failures no longer count towards a new hand-off.
        using var returned = await owner.PostAsync($"api/v1/handoffs/{handoff.Id}/return", null);
        Assert.Equal(HttpStatusCode.NoContent, returned.StatusCode);
        var answer = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how much do i need to spend to get free shipping?", "m3");
        Assert.False(answer.Reply.Handoff);
        Assert.Equal("extractive", answer.Reply.Source);
    }

    [Fact]
    public async Task InternalNotes_AreHiddenFromTheVisitor_AndAChatAPersonClosedCanBeRatedOnce()
    {
        using var agent = await SignedInAsync(await CreateAgentAsync("notes@example.test"));
        var conversation = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "agent please", "m1");
        var handoff = Assert.Single((await agent.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs"))!, h => h.ConversationId == conversation.Id);
        (await agent.PostAsync($"api/v1/handoffs/{handoff.Id}/accept", null)).EnsureSuccessStatusCode();

        using var note = await agent.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/notes", new AgentMessageRequest("Customer sounds upset; offer a free repair."));
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        var visible = await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.DoesNotContain(visible, m => m.Text.Contains("free repair", StringComparison.Ordinal));
        Assert.DoesNotContain(visible, m => m.Role == "note");

        Assert.Equal(HttpStatusCode.Conflict, (await RateAsync(conversation, 5)).StatusCode);
        (await agent.PostAsync($"api/v1/handoffs/{handoff.Id}/close", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await RateAsync(conversation, 9)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await RateAsync(conversation, 4)).StatusCode);
        Assert.Contains(await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken), m => m.Role == "system" && m.Text.Contains("Rate us", StringComparison.Ordinal));

        // Writing again reopens the chat to the bot (not the queue), and the bot answers.
        var reopened = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how much do i need to spend to get free shipping?", "m9");
        Assert.Equal("extractive", reopened.Reply.Source);
        Assert.DoesNotContain((await agent.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs"))!, h => h.ConversationId == conversation.Id);
    }

    [Fact]
    public async Task HeldChats_AreListedForTheirAgentOnly_WithTheWholeTranscriptIncludingNotes_UntilReturned()
    {
        using var holder = await SignedInAsync(await CreateAgentAsync("holder@example.test"));
        using var other = await SignedInAsync(await CreateAgentAsync("other@example.test"));
        var conversation = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "agent please", "m1");
        var handoff = Assert.Single((await holder.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs"))!, h => h.ConversationId == conversation.Id);
        Assert.Empty((await holder.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs/mine"))!);
        (await holder.PostAsync($"api/v1/handoffs/{handoff.Id}/accept", null)).EnsureSuccessStatusCode();
        (await holder.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/notes", new AgentMessageRequest("check the order"))).EnsureSuccessStatusCode();

        var mine = Assert.Single((await holder.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs/mine"))!);
        Assert.Equal((handoff.Id, "Accepted"), (mine.Id, mine.Status));
        Assert.Empty((await other.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs/mine"))!);

        var chat = (await holder.GetFromJsonAsync<Platform.Contracts.Hubs.AcceptResult>($"api/v1/handoffs/{handoff.Id}"))!;
        Assert.Equal((conversation.Id, "VisitorAsked"), (chat.ConversationId, chat.Reason));
        Assert.Contains(chat.Transcript, m => m.Role == "visitor" && m.Text == "agent please");
        Assert.Contains(chat.Transcript, m => m.Role == "note" && m.Text == "check the order");
        using var notTheirs = await other.GetAsync($"api/v1/handoffs/{handoff.Id}");
        Assert.Equal(HttpStatusCode.Conflict, notTheirs.StatusCode);

        (await holder.PostAsync($"api/v1/handoffs/{handoff.Id}/return", null)).EnsureSuccessStatusCode();
        Assert.Empty((await holder.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs/mine"))!);
        using var returned = await holder.GetAsync($"api/v1/handoffs/{handoff.Id}");
        Assert.Equal(HttpStatusCode.Conflict, returned.StatusCode);
    }

    private async Task<HttpResponseMessage> RateAsync(Platform.Contracts.Conversations.CreateConversationResponse conversation, int score)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversation.Id}/rating") { Content = JsonContent.Create(new RatingRequest(score, "quick and kind")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);
        return await _server.Http.SendAsync(request);
    }

    [Fact]
    public async Task DisablingAnAgent_EndsTheirAccessAtOnce_AndTheyCannotSignInAgain()
    {
        var (agent, _) = await _server.SignInAsync(await CreateAgentAsync("leaver@example.test"), PlatformServer.AgentPassword);
        using var signedIn = agent;
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("api/v1/handoffs")).StatusCode);
        var (admin, _) = await _server.SignInAsync(PlatformServer.AdminEmail, PlatformServer.AdminPassword);
        using var adminClient = admin;
        var account = Assert.Single((await admin.GetFromJsonAsync<List<AgentDto>>("api/v1/agents"))!, a => a.Email == "leaver@example.test");

        (await admin.PostAsync($"api/v1/agents/{account.Id}/disable", null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("api/v1/handoffs")).StatusCode);
        using var again = await _server.Http.PostAsJsonAsync("api/v1/auth/login", new SignInRequest("leaver@example.test", PlatformServer.AgentPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    private Task<string> CreateAgentAsync(string email) => _server.CreateAgentAsync(email);

    private async Task<HttpClient> SignedInAsync(string email) => (await _server.SignInAsync(email, PlatformServer.AgentPassword)).Client;
}
