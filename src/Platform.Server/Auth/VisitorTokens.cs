using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Platform.Server.Hosting;

namespace Platform.Server.Auth;

/// <summary>
/// Issues and reads visitor tokens: the visitor id, signed and encrypted by ASP.NET Core Data Protection with an
/// expiry. Whoever holds the token is that visitor, and reaches only that visitor's conversations.
/// </summary>
internal sealed class VisitorTokens(IDataProtectionProvider dataProtection, IOptions<ServerOptions> options, TimeProvider timeProvider)
{
    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("Platform.VisitorToken.v1").ToTimeLimitedDataProtector();

    public string NewVisitorId() => "v_" + Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");

    public string Issue(string visitorId) =>
        _protector.Protect(visitorId, timeProvider.GetUtcNow().AddDays(options.Value.VisitorTokenLifetimeDays));

    public bool TryRead(string token, out string visitorId)
    {
        try
        {
            visitorId = _protector.Unprotect(token, out var expiration);
            return expiration > timeProvider.GetUtcNow();
        }
        catch (CryptographicException)
        {
            visitorId = string.Empty;
            return false;
        }
    }
}
