using System.Net.Http.Json;
using Platform.Contracts.Agents;

namespace Platform.IntegrationTests.Browser;

/// <summary>The console in a real browser (Debian's chromium driven by playwright-core).</summary>
public sealed class ConsoleBrowserTests
{
    [Fact]
    public async Task Console_refuses_a_wrong_password_with_the_servers_message()
    {
        await using var server = await PlatformServer.StartAsync();
        await BrowserScript.RunAsync("smoke.mjs", server.BaseUrl);
    }

    [Fact]
    public async Task Agent_takes_over_a_visitors_chat_and_both_see_each_others_messages_live()
    {
        await using var server = await PlatformServer.StartAsync();
        var agent = await server.CreateAgentAsync("console-agent@example.test");
        var otherAgent = await server.CreateAgentAsync("other-agent@example.test");
        await BrowserScript.RunAsync(
            "agent-takeover.mjs",
            server.BaseUrl,
            new Dictionary<string, string> { ["AGENT_EMAIL"] = agent, ["OTHER_AGENT_EMAIL"] = otherAgent, ["AGENT_PASSWORD"] = PlatformServer.AgentPassword },
            TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task Admin_uploads_a_pdf_tests_the_bot_on_it_and_browses_every_admin_page()
    {
        await using var server = await PlatformServer.StartAsync();

        // Something to browse on the transcripts and analytics pages.
        var visitor = await server.Api.CreateConversationAsync();
        await server.Api.PostMessageAsync(visitor.Id, visitor.VisitorToken, "How long does standard shipping take?");

        await BrowserScript.RunAsync("admin-console.mjs", server.BaseUrl, new Dictionary<string, string>
        {
            ["ADMIN_EMAIL"] = PlatformServer.AdminEmail,
            ["ADMIN_PASSWORD"] = PlatformServer.AdminPassword,
        });
    }

    [Fact]
    public async Task Agent_sends_a_correction_and_a_reply_for_training_and_an_admin_reviews_them()
    {
        await using var server = await PlatformServer.StartAsync();
        var agentEmail = await server.CreateAgentAsync("trainer@example.test");
        var conversation = await server.Api.CreateConversationAsync();
        await server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "How long does standard shipping take?");
        await server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "I'd like to talk to a person please");
        var (agent, _) = await server.SignInAsync(agentEmail, PlatformServer.AgentPassword);
        using (agent)
        {
            var handoff = Assert.Single((await agent.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs"))!);
            (await agent.PostAsync($"api/v1/handoffs/{handoff.Id}/accept", null)).EnsureSuccessStatusCode();
            (await agent.PostAsJsonAsync($"api/v1/handoffs/{handoff.Id}/messages", new AgentMessageRequest("Your order left yesterday; it arrives Friday."))).EnsureSuccessStatusCode();

            await BrowserScript.RunAsync("training-review.mjs", server.BaseUrl, new Dictionary<string, string>
            {
                ["HANDOFF_ID"] = handoff.Id.ToString(),
                ["AGENT_EMAIL"] = agentEmail,
                ["AGENT_PASSWORD"] = PlatformServer.AgentPassword,
                ["ADMIN_EMAIL"] = PlatformServer.AdminEmail,
                ["ADMIN_PASSWORD"] = PlatformServer.AdminPassword,
            });
        }
    }

    [Fact]
    public async Task Admin_fine_tunes_promotes_and_rolls_back_a_model_version_from_the_console()
    {
        var model = await Platform.TestSupport.TrainingRecipe.TrainTinyAsync("llama");
        await using var server = await FineTuningTests.StartAsync(model);
        await FineTuningTests.SeedApprovedCorrectionsAsync(server);

        await BrowserScript.RunAsync("admin-models.mjs", server.BaseUrl, new Dictionary<string, string>
        {
            ["ADMIN_EMAIL"] = PlatformServer.AdminEmail,
            ["ADMIN_PASSWORD"] = PlatformServer.AdminPassword,
        }, TimeSpan.FromMinutes(4));
    }
}
