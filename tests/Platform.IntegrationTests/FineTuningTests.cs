using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Admin;
using Platform.Contracts.Conversations;
using Platform.Contracts.Training;
using Platform.Inference;
using Platform.Inference.Loading;
using Platform.TestSupport;

namespace Platform.IntegrationTests;

/// <summary>
/// The loop end to end on the real server: conversations with feedback and corrections, the export, a short
/// fine-tune of a tiny model by the recipe, its registration with held-out figures, promotion, the new version
/// answering, and rollback.
/// </summary>
public sealed class FineTuningTests
{
    private static readonly string[] Questions =
    [
        "How long does standard shipping take?",
        "How do I return an item?",
        "Do you ship to Canada?",
        "How long is the warranty on boots?",
        "Can I change my order after placing it?",
        "How much does express shipping cost?",
    ];

    internal static async Task<PlatformServer> StartAsync(string model, IDictionary<string, string?>? extra = null, string? data = null)
    {
        data ??= PlatformServer.NewDataFolder();
        var settings = new Dictionary<string, string?>
        {
            ["Platform:Model:Path"] = model,
            ["Platform:FineTune:Preset"] = "tiny",
            ["Platform:FineTune:Steps"] = "20",
            ["Platform:FineTune:MinExamples"] = "4",
            ["Platform:FineTune:HoldOutEvery"] = "2",
            ["Platform:FineTune:VersionsPath"] = Path.Combine(data, "models"),
            ["Platform:FineTune:WorkPath"] = Path.Combine(data, "fine-tunes"),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return await PlatformServer.StartAsync(data, settings);
    }

    /// <summary>Visitors ask, one gives a thumbs down, an agent corrects every answer, an admin approves each correction.</summary>
    internal static async Task SeedApprovedCorrectionsAsync(PlatformServer server)
    {
        await server.CreateAgentAsync("tuner@example.test");
        var (agent, _) = await server.SignInAsync("tuner@example.test", PlatformServer.AgentPassword);
        using (agent)
        {
            foreach (var question in Questions)
            {
                var conversation = await server.Api.CreateConversationAsync();
                var answer = await server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, question);
                using var thumbs = new HttpRequestMessage(HttpMethod.Put, $"api/v1/conversations/{conversation.Id}/messages/{answer.Reply.MessageId}/feedback")
                {
                    Content = JsonContent.Create(new MessageFeedbackRequest("down", "not quite")),
                };
                thumbs.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);
                (await server.Http.SendAsync(thumbs)).EnsureSuccessStatusCode();
                using var corrected = await agent.PostAsJsonAsync(
                    $"api/v1/conversations/{conversation.Id}/messages/{answer.Reply.MessageId}/correction", new CorrectionRequest($"Here is the right answer to: {question}"));
                var example = (await corrected.Content.ReadFromJsonAsync<TrainingExampleDto>())!;
                (await server.Admin.PostAsJsonAsync($"api/v1/training-examples/{example.Id}/approve", new ApproveExampleRequest(null))).EnsureSuccessStatusCode();
            }
        }
    }

    private static async Task<ModelVersionDto> WaitUntilDoneAsync(PlatformServer server, Guid id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (true)
        {
            var version = (await server.Admin.GetFromJsonAsync<ModelVersionDto>($"api/v1/models/versions/{id}", timeout.Token))!;
            if (version.Status != "Training")
            {
                return version;
            }

            await Task.Delay(250, timeout.Token);
        }
    }

    private static async Task<string?> AnsweringModelAsync(PlatformServer server)
    {
        var client = server.Services.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Answer from the passages.\n\n[1] Shop > Returns\nYou can return items within 30 days.\n"), new ChatMessage(ChatRole.User, "returns?")],
            new ChatOptions { MaxOutputTokens = 8 });
        return response.ModelId;
    }

    [Fact]
    public async Task ApprovedCorrections_FineTuneIntoANewVersion_ThatIsPromotedAnswersAndRollsBack()
    {
        var model = await TrainingRecipe.TrainTinyAsync("llama");
        var data = PlatformServer.NewDataFolder();
        var server = await StartAsync(model, data: data);
        try
        {
            await SeedApprovedCorrectionsAsync(server);

            var exported = (await server.Admin.GetStringAsync("api/v1/transcripts/export?approvedOnly=true")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var shipped = Assert.Single((await server.Admin.GetFromJsonAsync<List<ModelVersionDto>>("api/v1/models/versions"))!);
            using var started = await server.Admin.PostAsJsonAsync("api/v1/models/fine-tunes", new StartFineTuneRequest(20));
            var run = (await started.Content.ReadFromJsonAsync<ModelVersionDto>())!;
            using var second = await server.Admin.PostAsJsonAsync("api/v1/models/fine-tunes", new StartFineTuneRequest(20));
            var done = await WaitUntilDoneAsync(server, run.Id);
            var before = await AnsweringModelAsync(server);
            using var promoted = await server.Admin.PostAsync($"api/v1/models/versions/{run.Id}/promote", null);
            var after = await AnsweringModelAsync(server);
            var models = await server.Admin.GetFromJsonAsync<List<ModelInfoDto>>("api/v1/models");

            // The promoted version answers after a restart too, though the configuration still names the shipped folder.
            await server.DisposeAsync();
            server = await StartAsync(model, data: data);
            var afterRestart = await AnsweringModelAsync(server);
            using var rolledBack = await server.Admin.PostAsync($"api/v1/models/versions/{shipped.Id}/promote", null);
            var afterRollback = await AnsweringModelAsync(server);

            Assert.Equal(Questions.Length, exported.Length);
            Assert.True(shipped.IsActive);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.True(done.Status == "Ready", $"the run ended {done.Status}: {done.Error}\n{done.LogTail}");
            Assert.Equal(3, done.TrainExamples);
            Assert.Equal(3, done.HeldOutExamples);
            Assert.NotNull(done.HeldOutLoss);
            Assert.NotNull(done.BaseHeldOutLoss);
            Assert.Equal(shipped.Name, before);
            Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
            Assert.Equal(run.Name, after);
            Assert.Equal(run.Name, models![0].Name);
            Assert.Equal("shared-buffer", await CacheLayoutAsync(models[0].Folder!));
            Assert.Equal(run.Name, afterRestart);
            Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
            Assert.Equal(shipped.Name, afterRollback);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AFailedRun_LeavesTheActiveVersionAnswering_AndTooFewExamplesAreRefused()
    {
        var model = await TrainingRecipe.TrainTinyAsync("llama");
        await using var server = await StartAsync(model, new Dictionary<string, string?> { ["Platform:FineTune:Recipe"] = "models/training/no-such-recipe.py" });

        using var refused = await server.Admin.PostAsJsonAsync("api/v1/models/fine-tunes", new StartFineTuneRequest(null));
        await SeedApprovedCorrectionsAsync(server);
        using var started = await server.Admin.PostAsJsonAsync("api/v1/models/fine-tunes", new StartFineTuneRequest(null));
        var failed = await WaitUntilDoneAsync(server, (await started.Content.ReadFromJsonAsync<ModelVersionDto>())!.Id);
        using var promoteFailed = await server.Admin.PostAsync($"api/v1/models/versions/{failed.Id}/promote", null);
        var versions = await server.Admin.GetFromJsonAsync<List<ModelVersionDto>>("api/v1/models/versions");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("approved examples", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Failed", failed.Status);
        Assert.Contains("exited with code", failed.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, promoteFailed.StatusCode);
        Assert.Equal(Path.GetFileName(model), versions!.Single(v => v.IsActive).Name);
        Assert.Equal(Path.GetFileName(model), await AnsweringModelAsync(server));
    }

    [Fact]
    public async Task ARunCanBeCancelled_AndLeavesNoModelFolder_ThroughTheClientSdkTheCliUses()
    {
        var model = await TrainingRecipe.TrainTinyAsync("llama");
        var data = PlatformServer.NewDataFolder();
        await using var server = await StartAsync(model, new Dictionary<string, string?> { ["Platform:FineTune:Steps"] = "100000" }, data);
        await SeedApprovedCorrectionsAsync(server);
        var client = new Platform.Client.PlatformAdminClient(server.Http, PlatformServer.AdminApiKey);

        var run = await client.StartFineTuneAsync(null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while ((await client.GetModelVersionAsync(run.Id, timeout.Token)).Progress <= 0)
        {
            await Task.Delay(200, timeout.Token);
        }

        await client.CancelFineTuneAsync(run.Id);
        var done = await WaitUntilDoneAsync(server, run.Id);
        var again = await Assert.ThrowsAsync<Platform.Client.PlatformApiException>(() => client.CancelFineTuneAsync(run.Id));
        var promote = await Assert.ThrowsAsync<Platform.Client.PlatformApiException>(() => client.PromoteModelVersionAsync(run.Id));

        Assert.Equal("Cancelled", done.Status);
        Assert.Contains("not training", again.Message, StringComparison.Ordinal);
        Assert.Contains("cancelled", promote.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data, "models", run.Name)));
        Assert.Equal(Path.GetFileName(model), (await client.ListModelVersionsAsync()).Single(v => v.IsActive).Name);
    }

    [Fact]
    public async Task WithAnAutoPromotionMargin_AVersionThatBeatsTheActiveOneOnTheHeldOutSet_IsPromotedByItself()
    {
        var model = await TrainingRecipe.TrainTinyAsync("llama");
        await using var server = await StartAsync(model, new Dictionary<string, string?>
        {
            ["Platform:FineTune:AutoPromoteMargin"] = "0.01",
            ["Platform:FineTune:Attention"] = "standard",
        });
        await SeedApprovedCorrectionsAsync(server);

        using var started = await server.Admin.PostAsJsonAsync("api/v1/models/fine-tunes", new StartFineTuneRequest(null));
        var done = await WaitUntilDoneAsync(server, (await started.Content.ReadFromJsonAsync<ModelVersionDto>())!.Id);

        // The run is marked ready first and promoted right after: wait for the promotion rather than race it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        ModelVersionDto active;
        while ((active = (await server.Admin.GetFromJsonAsync<List<ModelVersionDto>>("api/v1/models/versions", timeout.Token))!.Single(v => v.IsActive)).Name != done.Name)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.True(done.BaseHeldOutLoss - done.HeldOutLoss >= 0.01, $"the run did not beat its base: {done.BaseHeldOutLoss} -> {done.HeldOutLoss}");
        Assert.Equal(done.Name, active.Name);
        Assert.Equal(done.Name, await AnsweringModelAsync(server));
        var folder = (await server.Admin.GetFromJsonAsync<List<ModelInfoDto>>("api/v1/models"))![0].Folder!;
        Assert.Equal("padded", await CacheLayoutAsync(folder));
    }

    /// <summary>How the engine keeps the KV cache of the version in this folder: the export its run was asked for.</summary>
    private static async Task<string> CacheLayoutAsync(string folder)
    {
        await using var loaded = LocalModel.Load(folder, new ModelOptions { ExecutionProvider = "cpu", MaxBatchSize = 1 }, NullLogger.Instance);
        return loaded.CacheLayout;
    }
}
