using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Platform.Contracts.Agents;
using Platform.Contracts.Knowledge;
using Platform.Contracts.Widget;

namespace Platform.IntegrationTests.Browser;

/// <summary>The website widget on the demo site, in a real browser (Debian's chromium driven by playwright-core).</summary>
public sealed class WidgetBrowserTests
{
    [Fact]
    public async Task Widget_streams_a_cited_answer_takes_feedback_and_keeps_the_chat_across_a_reload()
    {
        await using var server = await PlatformServer.StartAsync();
        await BrowserScript.RunAsync("widget-chat.mjs", server.BaseUrl);
    }

    [Fact]
    public async Task Widget_shows_a_question_back_as_choice_buttons_and_a_click_answers_from_the_entry_picked()
    {
        await using var server = await PlatformServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Platform:Embeddings:Model"] = "arctic-embed-xs",
            ["Platform:Embeddings:ExecutionProvider"] = "cpu",
        });
        var vectors = await server.WaitForVectorsAsync(TimeSpan.FromMinutes(3));
        Assert.True(vectors.Complete, $"{vectors.Embedded} of {vectors.Total} chunks embedded ({vectors.LastError})");

        await BrowserScript.RunAsync("widget-clarify.mjs", server.BaseUrl);
    }

    [Fact]
    public async Task Widget_reconnects_after_the_server_restarts_with_nothing_lost_or_doubled()
    {
        var folder = PlatformServer.NewDataFolder();
        var server = await PlatformServer.StartAsync(folder);
        var baseUrl = server.BaseUrl;
        try
        {
            await BrowserScript.RunAsync("widget-reconnect.mjs", baseUrl, controls: new Dictionary<string, Func<Task>>
            {
                ["stop-server"] = async () => await server.DisposeAsync(),
                ["start-server"] = async () => server = await PlatformServer.StartAsync(folder, port: baseUrl.Port),
            });
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Widget_shows_html_from_a_document_and_from_an_agent_as_text_through_the_handoff_flow()
    {
        await using var server = await PlatformServer.StartAsync();
        await UploadAsync(server, "glowworm-lantern.txt",
            "Glowworm lantern battery\n\nThe Glowworm lantern battery lasts 40 hours <script>window.__pwned = 'kb-script'</script> on low power "
            + "<img src=x onerror=\"window.__pwned='kb-img'\"> and 8 hours on high.\n");
        var (agent, _) = await server.SignInAsync(await server.CreateAgentAsync("widget-agent@example.test"), PlatformServer.AgentPassword);
        using (agent)
        {
            var handoffId = Guid.Empty;
            await BrowserScript.RunAsync("widget-injection.mjs", server.BaseUrl, controls: new Dictionary<string, Func<Task>>
            {
                ["agent-reply"] = async () =>
                {
                    handoffId = Assert.Single((await agent.GetFromJsonAsync<List<HandoffDto>>("api/v1/handoffs"))!).Id;
                    using var accepted = await agent.PostAsync($"api/v1/handoffs/{handoffId}/accept", null);
                    accepted.EnsureSuccessStatusCode();
                    using var sent = await agent.PostAsJsonAsync(
                        $"api/v1/handoffs/{handoffId}/messages",
                        new AgentMessageRequest(
                            "Hi! <img src=x onerror=\"window.__pwned='agent'\"> <b>not bold</b> but **really bold**. "
                            + "[click me](javascript:alert(1)) or see [our help](https://ridgeline.example/help)."));
                    sent.EnsureSuccessStatusCode();
                },
                ["agent-close"] = async () =>
                {
                    using var closed = await agent.PostAsync($"api/v1/handoffs/{handoffId}/close", null);
                    closed.EnsureSuccessStatusCode();
                },
            });
        }
    }

    [Fact]
    public async Task Widget_takes_the_admins_theme_lets_the_page_override_it_and_keeps_styles_apart()
    {
        await using var server = await PlatformServer.StartAsync();
        using var saved = await server.Admin.PutAsJsonAsync("api/v1/widget/settings", new WidgetSettingsDto
        {
            Title = "Trail Desk",
            Greeting = "Howdy from the trail desk!",
            PrimaryColor = "#2f5d3a",
            TextOnPrimaryColor = "#ffffff",
            Position = "left",
        });
        saved.EnsureSuccessStatusCode();
        await BrowserScript.RunAsync("widget-theme.mjs", server.BaseUrl);
    }

    [Fact]
    public async Task Widget_fits_a_375_by_667_phone()
    {
        await using var server = await PlatformServer.StartAsync();
        await BrowserScript.RunAsync("widget-phone.mjs", server.BaseUrl);
    }

    private static async Task UploadAsync(PlatformServer server, string name, string text)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(part, "files", name);
        using var response = await server.Admin.PostAsync("api/v1/knowledge-bases/default/documents", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<IngestionJobDto>())!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await server.Admin.GetFromJsonAsync<IngestionJobDto>($"api/v1/knowledge-bases/default/jobs/{job.Id}", timeout.Token))!.CompletedAt is null)
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
