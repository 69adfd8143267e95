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
}
