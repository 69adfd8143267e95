using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Platform.Server.Auth;

internal static class VisitorAuthentication
{
    public const string Scheme = "Visitor";
    public const string Policy = "Visitor";
    public const string VisitorIdClaim = "visitor_id";

    public static string VisitorId(this ClaimsPrincipal user) =>
        user.FindFirstValue(VisitorIdClaim) ?? throw new InvalidOperationException("The request is not authenticated as a visitor.");
}

/// <summary>
/// Reads the visitor token from <c>Authorization: Bearer</c>, or from <c>access_token</c> on hub requests, where
/// browsers cannot set headers on WebSockets.
/// </summary>
internal sealed class VisitorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    VisitorTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken();
        if (string.IsNullOrEmpty(token))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!tokens.TryRead(token, out var visitorId))
        {
            return Task.FromResult(AuthenticateResult.Fail("The visitor token is invalid or has expired."));
        }

        var identity = new ClaimsIdentity([new Claim(VisitorAuthentication.VisitorIdClaim, visitorId)], VisitorAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), VisitorAuthentication.Scheme)));
    }

    private string? BearerToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            ? Request.Query["access_token"].ToString()
            : null;
    }
}
