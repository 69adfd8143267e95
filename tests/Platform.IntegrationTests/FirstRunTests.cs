using System.Net.Http.Json;
using Platform.Contracts.Agents;

namespace Platform.IntegrationTests;

/// <summary>A fresh install with no first admin configured can still be signed in to, and a bad one stops the start.</summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task WithNoAdminConfigured_AnAdminWithARandomPasswordIsMadeOnce_AndItsCredentialsFileSignsIn()
    {
        var data = PlatformServer.NewDataFolder();
        var file = Path.Combine(data, "admin-credentials");
        var settings = new Dictionary<string, string?>
        {
            ["Platform:Bootstrap:AdminEmail"] = string.Empty,
            ["Platform:Bootstrap:AdminPassword"] = string.Empty,
            ["Platform:Bootstrap:CredentialsFile"] = file,
        };

        string written;
        await using (var first = await PlatformServer.StartAsync(data, settings))
        {
            written = await File.ReadAllTextAsync(file);
        }

        await using var second = await PlatformServer.StartAsync(data, settings);
        var lines = written.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToArray();
        var (admin, _) = await second.SignInAsync(lines[0], lines[1]);
        using (admin)
        {
            var me = await admin.GetFromJsonAsync<AgentDto>("api/v1/auth/me");
            var accounts = await admin.GetFromJsonAsync<List<AgentDto>>("api/v1/agents");

            Assert.Equal("admin@localhost", me!.Email);
            Assert.Contains("Admin", me.Roles);
            Assert.Single(accounts!);
        }

        Assert.Equal(written, await File.ReadAllTextAsync(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task AMalformedFirstAdminEmail_StopsTheStartWithTheSettingsName()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => PlatformServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Platform:Bootstrap:AdminEmail"] = "not-an-email",
        }));

        Assert.Contains("Platform:Bootstrap:AdminEmail", failure.ToString(), StringComparison.Ordinal);
    }
}
