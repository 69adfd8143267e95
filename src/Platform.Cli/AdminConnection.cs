using Platform.Client;

namespace Platform.Cli;

/// <summary>What every command that talks to a running server shares: the admin client, and errors as one line.</summary>
internal static class AdminConnection
{
    /// <summary>A refusal from the server, an unreachable server or a missing key file is one line on stderr, not a stack trace.</summary>
    public static async Task<int> ReportingErrorsAsync(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (PlatformApiException ex)
        {
            Console.Error.WriteLine($"error: the server refused it: {ex.Message}");
            return 1;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"error: could not reach the server: {ex.Message}");
            return 1;
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    public static (PlatformAdminClient Client, string Slug, HttpClient Http) Connect(Options options)
    {
        var url = options.Get("url", "http://localhost:5080");
        var keyFile = options.Get("api-key-file", "data/admin-api-key");
        var key = options.Values.TryGetValue("api-key", out var given)
            ? given
            : File.Exists(keyFile)
                ? File.ReadAllText(keyFile).Trim()
                : throw new UsageException($"no admin API key: pass --api-key KEY, or --api-key-file FILE ({keyFile} does not exist; the server writes data/admin-api-key on its first start when Platform:Admin:ApiKey is not set)");
        var http = new HttpClient { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/"), Timeout = TimeSpan.FromMinutes(10) };
        return (new PlatformAdminClient(http, key), options.Get("kb", "default"), http);
    }
}

/// <summary>A command given wrong or missing arguments: reported as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
