using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Admin;
using Platform.Contracts.Agents;

namespace Platform.IntegrationTests;

/// <summary>The admin console's reads over the real server: transcripts, analytics, the test chat, models, and who may call them.</summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Transcripts_ListStoredChatsWithOutcome_AndFilterByTextAndOutcome()
    {
        var answered = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(answered.Id, answered.VisitorToken, "How long does standard shipping take?");
        var unanswered = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(unanswered.Id, unanswered.VisitorToken, "Can you recommend a good stock to buy for my retirement?");

        var all = await _server.Admin.GetFromJsonAsync<TranscriptPageDto>("api/v1/transcripts");
        var shipping = await _server.Admin.GetFromJsonAsync<TranscriptPageDto>("api/v1/transcripts?q=shipping");
        var failed = await _server.Admin.GetFromJsonAsync<TranscriptPageDto>("api/v1/transcripts?outcome=unanswered");
        var detail = await _server.Admin.GetFromJsonAsync<TranscriptDto>($"api/v1/transcripts/{answered.Id}");

        Assert.Equal(2, all!.Total);
        Assert.Equal(answered.Id, Assert.Single(shipping!.Items).Id);
        Assert.Equal("Answered", shipping.Items[0].Outcome);
        Assert.Equal(unanswered.Id, Assert.Single(failed!.Items).Id);
        Assert.Equal(["visitor", "bot"], detail!.Messages.Select(m => m.Role));
        Assert.NotEmpty(detail.Messages[1].Citations);
    }

    [Fact]
    public async Task Transcripts_BadFiltersAre400WithTheReason_AndAnUnknownIdIs404()
    {
        using var outcome = await _server.Admin.GetAsync("api/v1/transcripts?outcome=maybe");
        using var rating = await _server.Admin.GetAsync("api/v1/transcripts?rating=9");
        using var date = await _server.Admin.GetAsync("api/v1/transcripts?from=yesterday");
        using var unknown = await _server.Admin.GetAsync($"api/v1/transcripts/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.BadRequest, outcome.StatusCode);
        Assert.Contains("HandedOff", await outcome.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, rating.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, date.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no conversation", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analytics_CountTodaysChatsAndRedactedQuestions_AndRefuseAnInvertedRange()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does standard shipping take?");
        var other = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(other.Id, other.VisitorToken, "please email me at jo.smith@example.com about my refund");

        var report = await _server.Admin.GetFromJsonAsync<AnalyticsDto>("api/v1/analytics");
        using var inverted = await _server.Admin.GetAsync("api/v1/analytics?from=2026-02-01&to=2026-01-01");
        using var tooWide = await _server.Admin.GetAsync("api/v1/analytics?from=2020-01-01&to=2026-01-01");

        var today = Assert.Single(report!.Days);
        Assert.Equal(2, today.Conversations);
        Assert.Contains(report.TopQuestions, q => q.Label == "how long does standard shipping take?");
        Assert.Contains(report.TopQuestions, q => q.Label == "please email me at [EMAIL] about my refund");
        Assert.DoesNotContain(report.TopQuestions.Concat(report.Unanswered), q => q.Label.Contains("jo.smith", StringComparison.Ordinal));
        Assert.Equal(2, Assert.Single(report.Latency).Replies);
        Assert.Equal(HttpStatusCode.BadRequest, inverted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooWide.StatusCode);
    }

    [Fact]
    public async Task TestChat_ShowsPassagesWithScoresAndTheHandoffDecision_AndStoresNothing()
    {
        using var answered = await _server.Admin.PostAsJsonAsync("api/v1/test-chat", new TestChatRequest("How long does standard shipping take?", null));
        using var person = await _server.Admin.PostAsJsonAsync("api/v1/test-chat", new TestChatRequest("I want to talk to a real person", null));
        using var unknownBase = await _server.Admin.PostAsJsonAsync("api/v1/test-chat", new TestChatRequest("hello", "no-such-kb"));
        using var empty = await _server.Admin.PostAsJsonAsync("api/v1/test-chat", new TestChatRequest(" ", null));

        var result = await answered.Content.ReadFromJsonAsync<TestChatResultDto>();
        Assert.NotEmpty(result!.Passages);
        Assert.True(result.Passages[0].Score > 0);
        Assert.True(result.Confidence >= result.MinConfidence);
        Assert.Null(result.Handoff);
        Assert.NotEmpty(result.Answer);
        var handoff = (await person.Content.ReadFromJsonAsync<TestChatResultDto>())!.Handoff;
        Assert.Equal("VisitorAsked", handoff!.Reason);
        Assert.Equal(HttpStatusCode.NotFound, unknownBase.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(0, (await _server.Admin.GetFromJsonAsync<TranscriptPageDto>("api/v1/transcripts"))!.Total);
        var (staff, _) = await _server.SignInAsync(PlatformServer.AdminEmail, PlatformServer.AdminPassword);
        using (staff)
        {
            Assert.Empty(await staff.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs") ?? []);
        }
    }

    [Fact]
    public async Task Models_ReportTheGenerationAndEmbeddingModels()
    {
        var models = await _server.Admin.GetFromJsonAsync<List<ModelInfoDto>>("api/v1/models") ?? [];

        Assert.Equal(["generation", "embedding"], models.Select(m => m.Role));
        Assert.False(models[0].Configured); // the test server runs extractive unless a test opts in
    }

    [Fact]
    public async Task AdminReads_Are401WithoutCredentials_And403ForAnAgent()
    {
        await _server.CreateAgentAsync("reader@example.test");
        var (agent, _) = await _server.SignInAsync("reader@example.test", PlatformServer.AgentPassword);
        using (agent)
        {
            foreach (var path in new[] { "api/v1/transcripts", "api/v1/analytics", "api/v1/models" })
            {
                using var anonymous = await _server.Http.GetAsync(path);
                using var asAgent = await agent.GetAsync(path);
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
            }
        }
    }
}
