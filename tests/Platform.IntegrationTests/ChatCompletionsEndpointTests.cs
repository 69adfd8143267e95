using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Platform.TestSupport;

namespace Platform.IntegrationTests;

/// <summary>
/// The node serving its local model at <c>/v1/chat/completions</c> in OpenAI's format: the shipped model over real
/// HTTP on Kestrel, whole and streamed, and every refusal with its status and OpenAI-shaped error.
/// </summary>
public sealed class ChatCompletionsEndpointTests : IAsyncLifetime
{
    private const string Key = "serve-test-key-1";
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Platform:Model:Path"] = Path.Combine(RepositoryPaths.Root, "models", "support-gpt"),
        ["Platform:Model:ExecutionProvider"] = "cpu",
        ["Platform:Model:Serve:ApiKeys:0"] = "another-key",
        ["Platform:Model:Serve:ApiKeys:1"] = Key,
        ["Platform:Model:Serve:MaxRequestBytes"] = "8192",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Body(bool stream, string question = "How long does standard shipping take?", int maxTokens = 40) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = "support-gpt",
        ["messages"] = new object[]
        {
            new { role = "system", content = "You are Ridgeline Outfitters' support assistant." },
            new { role = "user", content = new object[] { new { type = "text", text = question } } },
        },
        ["max_tokens"] = maxTokens,
        ["temperature"] = 0,
        ["stream"] = stream,
    });

    private async Task<HttpResponseMessage> PostAsync(string body, string? key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task Completion_IsTheShippedModelsAnswer_WithUsage()
    {
        using var response = await PostAsync(Body(stream: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("support-gpt", root.GetProperty("model").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.False(string.IsNullOrWhiteSpace(choice.GetProperty("message").GetProperty("content").GetString()));
        Assert.Contains(choice.GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
        Assert.True(root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.InRange(root.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 1, 40);
    }

    [Fact]
    public async Task Stream_IsServerSentChunks_EndingInDone_WhoseTextIsTheWholeCompletion()
    {
        using var whole = await PostAsync(Body(stream: false));
        using var wholeJson = JsonDocument.Parse(await whole.Content.ReadAsStringAsync());
        var expected = wholeJson.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        using var response = await PostAsync(Body(stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : null));
        Assert.Equal(expected, text);
        Assert.Contains(chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString(), new[] { "stop", "length" });
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task Models_ListsTheLoadedModel_ToAKeyHolderOnly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var listed = await _server.Http.SendAsync(request);
        using var anonymous = await _server.Http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        using var json = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        Assert.Equal("support-gpt", json.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task MissingOrWrongKey_IsRefusedWith401(string? key)
    {
        using var response = await PostAsync(Body(stream: false), key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_api_key", json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{\"messages\": [", "not valid JSON", null)]
    [InlineData("{\"messages\": []}", "non-empty array", "messages")]
    [InlineData("{\"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}", "role 'tool'", "messages[0]")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}", "only hold text parts", "messages[0]")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 100000}", "'max_tokens' must be a whole number from 1 to", "max_tokens")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": \"hot\"}", "'temperature' must be a number", "temperature")]
    public async Task MalformedRequest_IsA400_SayingWhatIsWrong(string body, string message, string? parameter)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(parameter, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task OversizedRequest_IsA413()
    {
        using var response = await PostAsync(Body(stream: false, question: new string('a', 10_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("8192 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherModelsName_IsA404_NotAnAnswerFromThisOne()
    {
        using var response = await PostAsync(Body(stream: false).Replace("\"support-gpt\"", "\"gpt-4o\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("model_not_found", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("serves the model 'support-gpt', not 'gpt-4o'", json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_IsOff_OnANodeWithoutKeys()
    {
        await using var plain = await PlatformServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(Body(stream: false), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var response = await plain.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Platform:Model:Serve:ApiKeys", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
