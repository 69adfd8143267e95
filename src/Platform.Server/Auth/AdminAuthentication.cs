using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Platform.Server.Auth;

internal static class AdminAuthentication
{
    public const string Scheme = "AdminApiKey";
    public const string Policy = "Admin";
}

/// <summary>Admin API access (section <c>Platform:Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Platform:Admin";

    /// <summary>
    /// The key that scripts, the CLI and the console send as <c>Authorization: ApiKey ...</c> or <c>X-Api-Key</c>.
    /// Empty: a random key is made on first start and kept in <see cref="ApiKeyFile"/>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Where the generated key is kept; relative to the content root.</summary>
    public string ApiKeyFile { get; set; } = "data/admin-api-key";
}

/// <summary>The admin API key in effect: the configured one, or one generated once and kept on disk (readable only by its owner).</summary>
internal sealed partial class AdminApiKey
{
    private readonly byte[] _hash;

    public AdminApiKey(IOptions<AdminOptions> options, IHostEnvironment environment, ILogger<AdminApiKey> logger)
    {
        var settings = options.Value;
        var key = settings.ApiKey;
        if (string.IsNullOrWhiteSpace(key))
        {
            var file = Path.GetFullPath(Path.Combine(environment.ContentRootPath, settings.ApiKeyFile));
            if (File.Exists(file))
            {
                key = File.ReadAllText(file).Trim();
            }
            else
            {
                key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, key);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                LogGenerated(logger, file);
            }
        }

        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Compares in constant time, over hashes so that the length of the key leaks nothing either.</summary>
    public bool Matches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Platform:Admin:ApiKey is configured; generated one and saved it to {File}")]
    private static partial void LogGenerated(ILogger logger, string file);
}

internal sealed class AdminAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminApiKey apiKey) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var key = header.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase) ? header["ApiKey ".Length..].Trim() : Request.Headers["X-Api-Key"].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!apiKey.Matches(key))
        {
            return Task.FromResult(AuthenticateResult.Fail("The admin API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key"), new Claim(ClaimTypes.Role, Platform.Data.Identity.PlatformRoles.Admin)], AdminAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), AdminAuthentication.Scheme)));
    }
}
