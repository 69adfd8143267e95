using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Client;

namespace Platform.IntegrationTests;

public sealed class RestConversationTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("how much do i need to spend to get free shipping?", "faq/shipping-and-delivery.md")]
    [InlineData("can i return gear i already used outdoors?", "faq/returns-and-exchanges.md")]
    public async Task Question_AboutTheSampleKnowledgeBase_IsAnsweredCitingTheRightDocument(string question, string expectedSource)
    {
        var conversation = await _server.Api.CreateConversationAsync();

        var response = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, question, "q-1");

        Assert.Equal("extractive", response.Reply.Source);
        Assert.False(response.Reply.OfferHuman);
        var citation = Assert.Single(response.Reply.Citations);
        Assert.Equal(expectedSource, citation.Source);
        Assert.False(string.IsNullOrWhiteSpace(response.Reply.Text));
        // An FAQ answer is quoted whole, so the index's snippet of the cited passage is part of the reply.
        Assert.Contains(citation.Snippet.Trim('…').Trim(), response.Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_OutOfScope_SaysSoAndOffersAPerson()
    {
        var conversation = await _server.Api.CreateConversationAsync();

        var response = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "Can you recommend a good stock to buy for my retirement?");

        Assert.True(response.Reply.OfferHuman);
        Assert.Equal("no_answer", response.Reply.Source);
        Assert.Empty(response.Reply.Citations);
        Assert.Contains("person", response.Reply.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PostMessage_SameClientMessageIdTwice_StoresOneMessageAndReturnsTheSameReply()
    {
        var conversation = await _server.Api.CreateConversationAsync();

        var first = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does shipping take?", "same-id");
        var second = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does shipping take?", "same-id");

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Message.Id, second.Message.Id);
        Assert.Equal(first.Reply.MessageId, second.Reply.MessageId);
        var messages = await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.Equal(["visitor", "bot"], messages.Select(m => m.Role));
        Assert.Equal([1L, 2L], messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task ListMessages_ReturnsTheTranscriptInOrderWithCitations()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "What is your return window?");
        await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "Do you ship internationally?");

        var messages = await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);

        Assert.Equal(["visitor", "bot", "visitor", "bot"], messages.Select(m => m.Role));
        Assert.Equal([1L, 2L, 3L, 4L], messages.Select(m => m.Seq));
        Assert.All(messages.Where(m => m.Role == "bot"), m => Assert.NotEmpty(m.Citations));
        Assert.All(messages.Where(m => m.Role == "bot"), m => Assert.Equal(messages.Single(v => v.Seq == m.Seq - 1).Id, m.InReplyToId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    public async Task PostMessage_Empty_Gets400WithDetailAndStoresNothing(string text) =>
        await AssertRefusedAndNothingStored(new { text, clientMessageId = "x" }, "empty");

    [Fact]
    public async Task PostMessage_Over4000Characters_Gets400WithDetailAndStoresNothing() =>
        await AssertRefusedAndNothingStored(new { text = new string('a', 4001), clientMessageId = "x" }, "4000");

    [Fact]
    public async Task PostMessage_MalformedJson_Gets400WithDetailAndStoresNothing()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversation.Id}/messages")
        {
            Content = new StringContent("{\"text\": \"hi\", \"clientMessageId\": ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken));
    }

    [Fact]
    public async Task PostMessage_WrongJsonTypes_Gets400AndStoresNothing() =>
        await AssertRefusedAndNothingStored(new { text = new[] { 1, 2 }, clientMessageId = 5 }, "JSON");

    [Fact]
    public async Task Requests_WithoutOrWithABadToken_Get401()
    {
        var conversation = await _server.Api.CreateConversationAsync();

        using var noToken = await _server.Http.GetAsync($"api/v1/conversations/{conversation.Id}/messages");
        using var badTokenRequest = new HttpRequestMessage(HttpMethod.Get, $"api/v1/conversations/{conversation.Id}/messages");
        badTokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken[..^4] + "AAAA");
        using var badToken = await _server.Http.SendAsync(badTokenRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
    }

    [Fact]
    public async Task Visitor_CannotReadOrWriteAnotherVisitorsConversation()
    {
        var alice = await _server.Api.CreateConversationAsync();
        var mallory = await _server.Api.CreateConversationAsync();
        await _server.Api.PostMessageAsync(alice.Id, alice.VisitorToken, "my order number is 12345");

        var read = await Assert.ThrowsAsync<PlatformApiException>(() => _server.Api.GetMessagesAsync(alice.Id, mallory.VisitorToken));
        var write = await Assert.ThrowsAsync<PlatformApiException>(() => _server.Api.PostMessageAsync(alice.Id, mallory.VisitorToken, "injected"));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        var messages = await _server.Api.GetMessagesAsync(alice.Id, alice.VisitorToken);
        Assert.DoesNotContain(messages, m => m.Text == "injected");
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task UnknownConversation_Gets404ProblemDetails()
    {
        var conversation = await _server.Api.CreateConversationAsync();

        var error = await Assert.ThrowsAsync<PlatformApiException>(() => _server.Api.GetMessagesAsync(Guid.NewGuid(), conversation.VisitorToken));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Detail));
    }

    [Fact]
    public async Task CreateConversation_WithAVisitorToken_KeepsTheSameVisitor()
    {
        var first = await _server.Api.CreateConversationAsync();
        var second = await _server.Api.CreateConversationAsync(first.VisitorToken);

        await _server.Api.PostMessageAsync(second.Id, first.VisitorToken, "hello");
        Assert.Equal(2, (await _server.Api.GetMessagesAsync(second.Id, second.VisitorToken)).Count);
    }

    [Fact]
    public async Task HealthAndReadiness_AreUp_AndTheDemoSiteWithTheWidgetIsServed()
    {
        using var health = await _server.Http.GetAsync("healthz");
        using var ready = await _server.Http.GetAsync("readyz");
        var page = await _server.Http.GetStringAsync("/");
        using var widget = await _server.Http.GetAsync("widget.js");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Ridgeline Outfitters", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/widget.js\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
        Assert.Equal("text/javascript", widget.Content.Headers.ContentType?.MediaType);
    }

    private async Task AssertRefusedAndNothingStored(object body, string expectedInDetail)
    {
        var conversation = await _server.Api.CreateConversationAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversation.Id}/messages") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expectedInDetail, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await _server.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken));
    }
}
