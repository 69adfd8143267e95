using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Conversations;
using Platform.Contracts.Widget;
using Platform.Data;
using Platform.Domain.Feedback;

namespace Platform.IntegrationTests;

/// <summary>The server side of the website widget: its settings, feedback on replies, cited sources and CORS.</summary>
public sealed class WidgetApiTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static WidgetSettingsDto Valid => new()
    {
        Title = "Ridgeline Help",
        Greeting = "Hello there!",
        PrimaryColor = "#2F5D3A",
        TextOnPrimaryColor = "#ffffff",
        Position = "left",
    };

    [Fact]
    public async Task WidgetSettings_AreDefaultsUntilAnAdminSavesThem_ThenEveryoneReadsTheSaved()
    {
        var before = await _server.Http.GetFromJsonAsync<WidgetSettingsDto>("api/v1/widget/settings");
        using var saved = await _server.Admin.PutAsJsonAsync("api/v1/widget/settings", Valid);
        using var after = await _server.Http.GetAsync("api/v1/widget/settings");

        Assert.Equal(WidgetSettingsDto.Default, before);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(Valid with { PrimaryColor = "#2f5d3a" }, await after.Content.ReadFromJsonAsync<WidgetSettingsDto>());
        Assert.True(after.Headers.CacheControl?.Public);
    }

    [Fact]
    public async Task WidgetSettings_PutWithoutAdmin_Is401_AndInvalidValuesAre400NamingTheField()
    {
        using var anonymous = await _server.Http.PutAsJsonAsync("api/v1/widget/settings", Valid);
        using var badColour = await _server.Admin.PutAsJsonAsync("api/v1/widget/settings", Valid with { PrimaryColor = "red; background: url(x)" });
        using var longTitle = await _server.Admin.PutAsJsonAsync("api/v1/widget/settings", Valid with { Title = new string('x', 61) });
        using var badPosition = await _server.Admin.PutAsJsonAsync("api/v1/widget/settings", Valid with { Position = "top" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("primaryColor", await badColour.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("title", await longTitle.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("position", await badPosition.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All([badColour, longTitle, badPosition], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(WidgetSettingsDto.Default, await _server.Http.GetFromJsonAsync<WidgetSettingsDto>("api/v1/widget/settings"));
    }

    [Fact]
    public async Task Feedback_OnABotReply_IsStoredOnce_LatestWins()
    {
        var (conversation, reply) = await AnsweredAsync();

        using var up = await PutFeedbackAsync(conversation, reply.Reply.MessageId, new MessageFeedbackRequest("up", null));
        using var down = await PutFeedbackAsync(conversation, reply.Reply.MessageId, new MessageFeedbackRequest("down", "  Not what I asked.  "));

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        var stored = Assert.Single(await db.Feedback.Where(f => f.MessageId == reply.Reply.MessageId).ToListAsync());
        Assert.Equal(FeedbackRating.Down, stored.Rating);
        Assert.Equal("Not what I asked.", stored.Comment);
    }

    [Fact]
    public async Task Feedback_FromAnotherVisitor_OnAVisitorMessage_OrInvalid_IsRefused()
    {
        var (conversation, reply) = await AnsweredAsync();
        var stranger = await _server.Api.CreateConversationAsync();

        using var someoneElse = await PutFeedbackAsync(conversation with { VisitorToken = stranger.VisitorToken }, reply.Reply.MessageId, new MessageFeedbackRequest("up", null));
        using var onVisitorMessage = await PutFeedbackAsync(conversation, reply.Message.Id, new MessageFeedbackRequest("up", null));
        using var badRating = await PutFeedbackAsync(conversation, reply.Reply.MessageId, new MessageFeedbackRequest("meh", null));
        using var longComment = await PutFeedbackAsync(conversation, reply.Reply.MessageId, new MessageFeedbackRequest("down", new string('x', 2001)));

        Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onVisitorMessage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRating.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longComment.StatusCode);
        await using var db = await _server.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Feedback.ToListAsync());
    }

    [Fact]
    public async Task Source_OfACitation_IsItsPassageAsPlainText_AndAnUnknownOneIs404()
    {
        var (_, reply) = await AnsweredAsync();
        var citation = reply.Reply.Citations[0];

        using var source = await _server.Http.GetAsync($"api/v1/sources/{citation.ChunkId}");
        using var missing = await _server.Http.GetAsync("api/v1/sources/999999999");

        Assert.True(citation.ChunkId > 0);
        Assert.Equal(HttpStatusCode.OK, source.StatusCode);
        Assert.Equal("text/plain", source.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", source.Headers.GetValues("X-Content-Type-Options").Single());
        var text = await source.Content.ReadAsStringAsync();
        Assert.StartsWith(citation.Title, text, StringComparison.Ordinal);
        Assert.Contains(citation.Source, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("api/v1/conversations", "POST")]
    [InlineData("api/v1/widget/settings", "GET")]
    [InlineData("hubs/chat/negotiate?negotiateVersion=1", "POST")]
    public async Task VisitorEndpoints_AllowAnyOrigin_WithoutCredentials(string path, string method)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await _server.Http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task ChatHub_OffersStatefulReconnect_ToAClientThatAsks()
    {
        var visitor = await _server.Api.CreateConversationAsync();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "hubs/chat/negotiate?negotiateVersion=1&useStatefulReconnect=true");
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", visitor.VisitorToken);

        using var response = await _server.Http.SendAsync(negotiate);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("useStatefulReconnect").GetBoolean());
    }

    [Fact]
    public async Task AdminEndpoints_GetNoCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/knowledge-bases");
        request.Headers.Add("Origin", "https://shop.example");
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", PlatformServer.AdminApiKey);

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AllowedOrigins_WhenConfigured_AreTheOnlyOnesAllowed()
    {
        await using var server = await PlatformServer.StartAsync(settings: new Dictionary<string, string?> { ["Platform:Widget:AllowedOrigins:0"] = "https://shop.example" });

        async Task<string?> AllowedAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/widget/settings");
            request.Headers.Add("Origin", origin);
            using var response = await server.Http.SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        Assert.Equal("https://shop.example", await AllowedAsync("https://shop.example"));
        Assert.Null(await AllowedAsync("https://evil.example"));
    }

    private async Task<(CreateConversationResponse Conversation, PostMessageResponse Reply)> AnsweredAsync()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How much does shipping cost?", "q1");
        Assert.NotEmpty(reply.Reply.Citations);
        return (conversation, reply);
    }

    private async Task<HttpResponseMessage> PutFeedbackAsync(CreateConversationResponse conversation, Guid messageId, MessageFeedbackRequest body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/v1/conversations/{conversation.Id}/messages/{messageId}/feedback")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);
        return await _server.Http.SendAsync(request);
    }
}
