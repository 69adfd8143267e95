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
}
