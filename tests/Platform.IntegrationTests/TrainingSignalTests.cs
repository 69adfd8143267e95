using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Contracts.Agents;
using Platform.Contracts.Conversations;
using Platform.Contracts.Training;

namespace Platform.IntegrationTests;

/// <summary>Agents turn transcripts into training candidates; admins review them. Over the real server.</summary>
public sealed class TrainingSignalTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpClient> AgentAsync(string email)
    {
        await _server.CreateAgentAsync(email);
        return (await _server.SignInAsync(email, PlatformServer.AgentPassword)).Client;
    }

    [Fact]
    public async Task AnAgentCorrectsABotReply_AndAnAdminApprovesItWithAnEdit()
    {
        using var agent = await AgentAsync("corrector@example.test");
        var conversation = await _server.Api.CreateConversationAsync();
        var answer = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does standard shipping take?");

        using var corrected = await agent.PostAsJsonAsync(
            $"api/v1/conversations/{conversation.Id}/messages/{answer.Reply.MessageId}/correction", new CorrectionRequest("Three to five business days."));
        var example = await corrected.Content.ReadFromJsonAsync<TrainingExampleDto>();
        var pending = await _server.Admin.GetFromJsonAsync<TrainingExamplePageDto>("api/v1/training-examples?status=pending");
        using var approved = await _server.Admin.PostAsJsonAsync($"api/v1/training-examples/{example!.Id}/approve", new ApproveExampleRequest("Standard shipping takes 3 to 5 business days."));
        var reviewed = await approved.Content.ReadFromJsonAsync<TrainingExampleDto>();

        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.Equal("Correction", example.Kind);
        Assert.Equal("How long does standard shipping take?", example.Question);
        Assert.Equal(answer.Reply.Text, example.Rejected);
        Assert.Equal(example.Id, Assert.Single(pending!.Items).Id);
        Assert.Equal("Approved", reviewed!.Status);
        Assert.Equal("Standard shipping takes 3 to 5 business days.", reviewed.Chosen);
        Assert.Equal("api-key", reviewed.ReviewedBy);
        Assert.Empty((await _server.Admin.GetFromJsonAsync<TrainingExamplePageDto>("api/v1/training-examples?status=pending"))!.Items);
    }

    [Fact]
    public async Task AnAgentsReplyAfterAHandoff_IsPromotedAgainstTheVisitorsQuestion_AndCanBeRejected()
    {
        using var agent = await AgentAsync("promoter@example.test");
        var conversation = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "I want to talk to a person about my broken tent pole");
        var handoff = Assert.Single((await agent.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs"))!);
        (await agent.PostAsync($"api/v1/handoffs/{handoff.Id}/accept", null)).EnsureSuccessStatusCode();
        using var sent = await agent.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/messages", new AgentMessageRequest("Poles are covered for two years; I'll send a replacement."));
        var reply = await sent.Content.ReadFromJsonAsync<MessageDto>();

        using var promoted = await agent.PostAsync($"api/v1/conversations/{conversation.Id}/messages/{reply!.Id}/promote", null);
        var example = await promoted.Content.ReadFromJsonAsync<TrainingExampleDto>();
        using var rejected = await _server.Admin.PostAsJsonAsync($"api/v1/training-examples/{example!.Id}/reject", new RejectExampleRequest("Promises a replacement: policy-specific."));

        Assert.Equal(HttpStatusCode.Created, promoted.StatusCode);
        Assert.Equal("AgentReply", example.Kind);
        Assert.Equal("I want to talk to a person about my broken tent pole", example.Question);
        Assert.Null(example.Rejected);
        var review = await rejected.Content.ReadFromJsonAsync<TrainingExampleDto>();
        Assert.Equal("Rejected", review!.Status);
        Assert.Equal("Promises a replacement: policy-specific.", review.ReviewNote);
    }

    [Fact]
    public async Task Signals_RefuseWrongMessagesAndWrongCallers_WithAReason()
    {
        using var agent = await AgentAsync("careful@example.test");
        var conversation = await _server.Api.CreateConversationAsync();
        var answer = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does standard shipping take?");
        var botReply = answer.Reply.MessageId;

        using var visitorMessage = await agent.PostAsJsonAsync($"api/v1/conversations/{conversation.Id}/messages/{answer.Message.Id}/correction", new CorrectionRequest("x"));
        using var unknown = await agent.PostAsJsonAsync($"api/v1/conversations/{conversation.Id}/messages/{Guid.NewGuid()}/correction", new CorrectionRequest("x"));
        using var empty = await agent.PostAsJsonAsync($"api/v1/conversations/{conversation.Id}/messages/{botReply}/correction", new CorrectionRequest(" "));
        using var promoteBot = await agent.PostAsync($"api/v1/conversations/{conversation.Id}/messages/{botReply}/promote", null);
        using var anonymous = await _server.Http.PostAsJsonAsync($"api/v1/conversations/{conversation.Id}/messages/{botReply}/correction", new CorrectionRequest("x"));
        using var asVisitor = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversation.Id}/messages/{botReply}/correction")
        {
            Content = JsonContent.Create(new CorrectionRequest("x")),
        };
        asVisitor.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);
        using var visitorTry = await _server.Http.SendAsync(asVisitor);
        using var agentLists = await agent.GetAsync("api/v1/training-examples");
        using var unknownReview = await _server.Admin.PostAsJsonAsync($"api/v1/training-examples/{Guid.NewGuid()}/approve", new ApproveExampleRequest(null));
        using var badStatus = await _server.Admin.GetAsync("api/v1/training-examples?status=maybe");

        Assert.Equal(HttpStatusCode.NotFound, visitorMessage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("has no bot reply", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, promoteBot.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, visitorTry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentLists.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownReview.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    [Fact]
    public async Task CorrectingTheSameReplyAgain_ReplacesTheCandidateAndSendsItBackForReview()
    {
        using var agent = await AgentAsync("second-thoughts@example.test");
        var conversation = await _server.Api.CreateConversationAsync();
        var answer = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does standard shipping take?");
        var path = $"api/v1/conversations/{conversation.Id}/messages/{answer.Reply.MessageId}/correction";

        var first = await (await agent.PostAsJsonAsync(path, new CorrectionRequest("Two days."))).Content.ReadFromJsonAsync<TrainingExampleDto>();
        (await _server.Admin.PostAsJsonAsync($"api/v1/training-examples/{first!.Id}/approve", new ApproveExampleRequest(null))).EnsureSuccessStatusCode();
        var second = await (await agent.PostAsJsonAsync(path, new CorrectionRequest("Three to five business days."))).Content.ReadFromJsonAsync<TrainingExampleDto>();

        Assert.Equal(first.Id, second!.Id);
        Assert.Equal("Pending", second.Status);
        Assert.Equal("Three to five business days.", second.Chosen);
        Assert.Equal(1, (await _server.Admin.GetFromJsonAsync<TrainingExamplePageDto>("api/v1/training-examples"))!.Total);
    }
}
