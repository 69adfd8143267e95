using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Client;
using Platform.TestSupport;

namespace Platform.IntegrationTests;

/// <summary>
/// The real server on Kestrel, on a loopback port, with its SQLite file and keys in a folder the test owns. Start
/// a second one on the same folder to test a restart.
/// </summary>
public sealed class PlatformServer : IAsyncDisposable
{
    private readonly Factory _factory;

    private PlatformServer(Factory factory, Uri baseUrl)
    {
        _factory = factory;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl };
        Admin = new HttpClient { BaseAddress = baseUrl };
        Admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", AdminApiKey);
        Api = new PlatformApiClient(Http);
    }

    /// <summary>The admin API key every test server is configured with.</summary>
    public const string AdminApiKey = "integration-test-admin-key";

    /// <summary>The first admin every test server creates from Platform:Bootstrap.</summary>
    public const string AdminEmail = "admin@example.test";

    public const string AdminPassword = "Ridgeline-Admin-1";

    public const string AgentPassword = "Agent-Passw0rd";

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>A client that sends the admin API key.</summary>
    public HttpClient Admin { get; }

    public PlatformApiClient Api { get; }

    public IServiceProvider Services => _factory.Services;

    public static string NewDataFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platform-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Starts a server; <paramref name="port"/> 0 picks a free one, a given one lets a restart keep the address clients know.</summary>
    public static async Task<PlatformServer> StartAsync(string? dataFolder = null, IDictionary<string, string?>? settings = null, int port = 0)
    {
        dataFolder ??= NewDataFolder();
        var factory = new Factory(dataFolder, await TestStoreSettings.ForAsync(dataFolder), settings);
        factory.UseKestrel(port);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new PlatformServer(factory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        await server.WaitUntilReadyAsync();
        return server;
    }

    public ChatConnection Connect(string visitorToken) => new(BaseUrl, visitorToken);

    /// <summary>Polls the default knowledge base's vector status until every chunk has its vectors, an error is reported, or <paramref name="timeout"/> passes.</summary>
    public async Task<Platform.Contracts.Knowledge.VectorStatusDto> WaitForVectorsAsync(TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = (await Admin.GetFromJsonAsync<Platform.Contracts.Knowledge.VectorStatusDto>("api/v1/knowledge-bases/default/vectors"))!;
            if (status.Complete || status.LastError is not null || watch.Elapsed > timeout)
            {
                return status;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Signs in as an agent or admin and returns a client that sends the bearer token, and the token.</summary>
    public async Task<(HttpClient Client, string Token)> SignInAsync(string email, string password)
    {
        using var response = await Http.PostAsJsonAsync("api/v1/auth/login", new Platform.Contracts.Agents.SignInRequest(email, password));
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("accessToken").GetString()!;
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (client, token);
    }

    /// <summary>Creates an agent account through the first admin; its password is <see cref="AgentPassword"/>.</summary>
    public async Task<string> CreateAgentAsync(string email)
    {
        var (admin, _) = await SignInAsync(AdminEmail, AdminPassword);
        using (admin)
        {
            using var created = await admin.PostAsJsonAsync("api/v1/agents", new Platform.Contracts.Agents.CreateAgentRequest(email, AgentPassword, null));
            created.EnsureSuccessStatusCode();
        }

        return email;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await Http.GetAsync("readyz", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private sealed class Factory(string dataFolder, IDictionary<string, string?> store, IDictionary<string, string?>? settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration(configuration => configuration
                .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Platform:Server:KeysPath"] = Path.Combine(dataFolder, "keys"),
                ["Platform:KnowledgeBase:SeedPath"] = RepositoryPaths.SampleKnowledgeBase,
                ["Platform:Server:MessagesPerMinute"] = "1000",
                ["Platform:Admin:ApiKey"] = AdminApiKey,
                ["Platform:Bootstrap:AdminEmail"] = AdminEmail,
                ["Platform:Bootstrap:AdminPassword"] = AdminPassword,

                // The shipped model is opt-in per test, so the extractive contract tests stay independent of it.
                ["Platform:Model:Path"] = string.Empty,

                // So is the sentence encoder: embedding the sample knowledge base costs each server ~15 s of both cores,
                // and the tests of the dense path (DenseRetrievalTests, the eval floors) switch it on themselves.
                ["Platform:Embeddings:Model"] = "none",
            })
                .AddInMemoryCollection(store)
                .AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        }
    }
}
