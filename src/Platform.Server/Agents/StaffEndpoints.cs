using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Agents;
using Platform.Data.Identity;

namespace Platform.Server.Agents;

/// <summary>Sign-in for agents and admins (<c>/api/v1/auth</c>) and the admins' account management (<c>/api/v1/agents</c>).</summary>
internal static class StaffEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/login", SignIn).AllowAnonymous();
        group.MapPost("/refresh", Refresh).AllowAnonymous();
        group.MapGet("/me", Me).RequireAuthorization(Platform.Server.Auth.StaffAuthentication.AgentPolicy);
        return group;
    }

    public static RouteGroupBuilder MapAgentAccountEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAgents);
        group.MapPost("/", CreateAgent);
        group.MapPost("/{id}/disable", DisableAgent);
        return group;
    }

    /// <summary>
    /// Answers a bearer token (written by the sign-in manager) or a problem. Wrong passwords count towards the lockout;
    /// a wrong email and a wrong password look alike, so the answer does not tell which accounts exist.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> SignIn(
        SignInRequest request, SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.Problem("Give an email and a password.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid sign-in");
        }

        var user = await users.FindByEmailAsync(request.Email);
        if (user is { IsDisabled: true })
        {
            return Refused();
        }

        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(user?.UserName ?? request.Email, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem("Too many wrong passwords: the account is locked for a while. Try again later or ask an admin.", statusCode: StatusCodes.Status423Locked, title: "Account locked");
        }

        return result.Succeeded ? TypedResults.Empty : Refused();
    }

    /// <summary>
    /// Trades a refresh token for a new bearer token, so a console open all day stays signed in. The account's
    /// security stamp is checked, so disabling an agent or changing a password ends refreshing too.
    /// </summary>
    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request, SignInManager<PlatformUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time)
    {
        var ticket = string.IsNullOrEmpty(request.RefreshToken)
            ? null
            : bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { IsDisabled: false } user)
        {
            return TypedResults.Problem("The session has ended: sign in again.", statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>Who the bearer token belongs to, and their roles: the console shows the admin pages only to admins.</summary>
    private static async Task<Results<Ok<AgentDto>, UnauthorizedHttpResult>> Me(ClaimsPrincipal principal, UserManager<PlatformUser> users)
    {
        var user = await users.GetUserAsync(principal);
        return user is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(new AgentDto(user.Id, user.Email ?? string.Empty, user.DisplayName, user.IsDisabled, [.. await users.GetRolesAsync(user)]));
    }

    private static async Task<Ok<List<AgentDto>>> ListAgents(UserManager<PlatformUser> users)
    {
        var list = new List<AgentDto>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync())
        {
            list.Add(new AgentDto(user.Id, user.Email ?? string.Empty, user.DisplayName, user.IsDisabled, [.. await users.GetRolesAsync(user)]));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<AgentDto>, ProblemHttpResult>> CreateAgent(CreateAgentRequest request, UserManager<PlatformUser> users, TimeProvider time)
    {
        if (!new EmailAddressAttribute().IsValid(request.Email))
        {
            return TypedResults.Problem("The email address is not valid.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid agent");
        }

        var user = new PlatformUser { UserName = request.Email, Email = request.Email, DisplayName = request.DisplayName ?? request.Email, EmailConfirmed = true, CreatedAt = time.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, request.Password ?? string.Empty);
        if (!created.Succeeded)
        {
            var conflict = created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail");
            return TypedResults.Problem(string.Join(" ", created.Errors.Select(e => e.Description)), statusCode: conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, title: "Agent not created");
        }

        string[] roles = request.Admin ? [PlatformRoles.Agent, PlatformRoles.Admin] : [PlatformRoles.Agent];
        await users.AddToRolesAsync(user, roles);
        return TypedResults.Created($"/api/v1/agents/{user.Id}", new AgentDto(user.Id, user.Email!, user.DisplayName, false, roles));
    }

    /// <summary>Disables an account and ends its tokens' use: a disabled agent cannot sign in, and its lockout never ends.</summary>
    private static async Task<Results<NoContent, NotFound>> DisableAgent(string id, UserManager<PlatformUser> users)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        user.IsDisabled = true;
        await users.UpdateAsync(user);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Refused() =>
        TypedResults.Problem("The email or password is wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused");
}
