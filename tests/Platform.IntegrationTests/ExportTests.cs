using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Agents;
using Platform.Contracts.Training;

namespace Platform.IntegrationTests;

/// <summary>Training data out of the real server: JSONL chat lines and preference pairs, redacted, filtered, in a fixed order.</summary>
public sealed class ExportTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<List<JsonElement>> ExportAsync(string query = "")
    {
        using var response = await _server.Admin.GetAsync($"api/v1/transcripts/export{query}");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("application/x-ndjson", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>A chat where the visitor gives their email and phone, is handed to an agent who notes something, and the bot's answer was corrected.</summary>
    private async Task<(Guid Conversation, TrainingExampleDto Correction)> SeedAsync()
    {
        await _server.CreateAgentAsync("exporter@example.test");
        var (agent, _) = await _server.SignInAsync("exporter@example.test", PlatformServer.AgentPassword);
        using (agent)
        {
            var conversation = await _server.Api.CreateConversationAsync();
            var answer = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does standard shipping take?");
            await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "I want a person, write to jane.doe@example.com or call +1 415 555 0133");
            var handoff = Assert.Single((await agent.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs"))!);
            (await agent.PostAsync($"api/v1/handoffs/{handoff.Id}/accept", null)).EnsureSuccessStatusCode();
            (await agent.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/notes", new AgentMessageRequest("internal: VIP customer"))).EnsureSuccessStatusCode();
            (await agent.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/messages", new AgentMessageRequest("Hi Jane, your parcel ships today."))).EnsureSuccessStatusCode();
            using var corrected = await agent.PostAsJsonAsync(
                $"api/v1/conversations/{conversation.Id}/messages/{answer.Reply.MessageId}/correction", new CorrectionRequest("Three to five business days."));
            var correction = (await corrected.Content.ReadFromJsonAsync<TrainingExampleDto>())!;
            (await _server.Admin.PostAsJsonAsync($"api/v1/training-examples/{correction.Id}/approve", new ApproveExampleRequest(null))).EnsureSuccessStatusCode();
            return (conversation.Id, correction);
        }
    }

    [Fact]
    public async Task ChatExport_WritesOneRedactedConversationPerLine_WithTheApprovedCorrectionAndWithoutNotes()
    {
        var (conversation, _) = await SeedAsync();

        var line = Assert.Single(await ExportAsync());
        var turns = line.GetProperty("messages").EnumerateArray().Select(t => (Role: t.GetProperty("role").GetString(), Content: t.GetProperty("content").GetString()!)).ToList();
        var text = string.Join("\n", turns.Select(t => t.Content));

        Assert.Equal(conversation, line.GetProperty("metadata").GetProperty("conversation_id").GetGuid());
        Assert.Equal("system", turns[0].Role);
        Assert.Equal(("user", "How long does standard shipping take?"), turns[1]);
        Assert.Equal(("assistant", "Three to five business days."), turns[2]);
        Assert.Equal(1, line.GetProperty("metadata").GetProperty("corrected_turns").GetInt32());
        Assert.True(line.GetProperty("metadata").GetProperty("handed_off").GetBoolean());
        Assert.DoesNotContain("jane.doe@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("555 0133", text, StringComparison.Ordinal);
        Assert.Contains("[EMAIL]", text, StringComparison.Ordinal);
        Assert.Contains("[PHONE]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VIP", text, StringComparison.Ordinal);
        Assert.Contains("your parcel ships today", text, StringComparison.Ordinal);
        Assert.All(turns.Skip(1).Zip(turns.Skip(2)), pair => Assert.NotEqual(pair.First.Role, pair.Second.Role));
    }

    [Fact]
    public async Task ApprovedOnlyAndPreferenceExports_CarryOnlyApprovedExamples()
    {
        var (_, correction) = await SeedAsync();

        var approved = Assert.Single(await ExportAsync("?approvedOnly=true"));
        var preference = Assert.Single(await ExportAsync("?format=preferences"));

        Assert.Equal(["system", "user", "assistant"], approved.GetProperty("messages").EnumerateArray().Select(t => t.GetProperty("role").GetString()));
        Assert.Equal("Three to five business days.", approved.GetProperty("messages")[2].GetProperty("content").GetString());
        Assert.Equal("How long does standard shipping take?", preference.GetProperty("prompt").GetString());
        Assert.Equal("Three to five business days.", preference.GetProperty("chosen").GetString());
        Assert.Equal(correction.Rejected, preference.GetProperty("rejected").GetString());
        Assert.Equal(correction.Id, preference.GetProperty("metadata").GetProperty("example_id").GetGuid());
    }

    [Fact]
    public async Task ApprovedExamples_CarryTheRetrievedPassages_InTheFormTheModelRecipeReads()
    {
        await SeedAsync();
        var file = Path.Combine(PlatformServer.NewDataFolder(), "approved.jsonl");
        await File.WriteAllTextAsync(file, await _server.Admin.GetStringAsync("api/v1/transcripts/export?approvedOnly=true"));

        var system = JsonDocument.Parse(File.ReadLines(file).Single()).RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.Contains("[1] Shipping and Delivery FAQ", system, StringComparison.Ordinal);

        await Platform.TestSupport.TrainingRecipe.RunScriptAsync(Path.Combine(Platform.TestSupport.RepositoryPaths.TestData, "export", "recipe_reads.py"), file, "1");
    }

    [Fact]
    public async Task Export_IsTheSameBytesTwice_AndFiltersByRatingDateAndKnowledgeBase()
    {
        for (var i = 0; i < 5; i++)
        {
            var conversation = await _server.Api.CreateConversationAsync();
            await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, $"How long does standard shipping take? ({i})");
        }

        var first = await _server.Admin.GetStringAsync("api/v1/transcripts/export");
        var second = await _server.Admin.GetStringAsync("api/v1/transcripts/export");
        var rated = await ExportAsync("?rating=5");
        var yesterday = await ExportAsync($"?to={TimeProvider.System.GetUtcNow().AddDays(-1):yyyy-MM-dd}");
        var defaultKb = await ExportAsync("?kb=default");

        Assert.Equal(first, second);
        Assert.Equal(5, first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Empty(rated);
        Assert.Empty(yesterday);
        Assert.Equal(5, defaultKb.Count);
    }

    [Fact]
    public async Task Export_RefusesBadFiltersAndOutsiders_WithAReason()
    {
        using var format = await _server.Admin.GetAsync("api/v1/transcripts/export?format=csv");
        using var rating = await _server.Admin.GetAsync("api/v1/transcripts/export?rating=0");
        using var kb = await _server.Admin.GetAsync("api/v1/transcripts/export?kb=nope");
        using var anonymous = await _server.Http.GetAsync("api/v1/transcripts/export");

        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Contains("preferences", await format.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, rating.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, kb.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task TheClientSdk_StreamsTheExportToAStream()
    {
        await SeedAsync();
        var client = new PlatformAdminClient(_server.Http, PlatformServer.AdminApiKey);
        using var file = new MemoryStream();

        await client.ExportTranscriptsAsync(new Dictionary<string, string> { ["format"] = "preferences" }, file);

        Assert.Single(System.Text.Encoding.UTF8.GetString(file.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
