using System.Security.Cryptography;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Data.Identity;

namespace Platform.Server.Auth;

/// <summary>Agents and admins: ASP.NET Core Identity in the platform's database, signed in with bearer tokens.</summary>
internal static class StaffAuthentication
{
    public const string AgentPolicy = "Agent";
}

/// <summary>The signed-in account still exists and is not disabled: a token outlives neither.</summary>
internal sealed class ActiveAccountRequirement : IAuthorizationRequirement;

/// <summary>
/// Checks <see cref="ActiveAccountRequirement"/> against the database on every staff request, so disabling an agent
/// takes effect at once rather than when their bearer token expires. Requests with the admin API key pass: it is not
/// an account.
/// </summary>
internal sealed class ActiveAccountHandler(UserManager<PlatformUser> users) : AuthorizationHandler<ActiveAccountRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveAccountRequirement requirement)
    {
        if (context.User.Identity?.AuthenticationType == AdminAuthentication.Scheme)
        {
            context.Succeed(requirement);
            return;
        }

        var id = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is not null && await users.FindByIdAsync(id) is { IsDisabled: false })
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>The first admin (section <c>Platform:Bootstrap</c>), created on start when no account has that email.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Platform:Bootstrap";

    /// <summary>Empty (the default) or an email address; checked at start-up.</summary>
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>
    /// When no first admin is configured and no admin account exists, one (<c>admin@localhost</c>) is made with a random
    /// password, and both are written here (readable only by the server's user), so a fresh install's console can be
    /// signed in to. Relative to the content root.
    /// </summary>
    [Required]
    public string CredentialsFile { get; set; } = "data/admin-credentials";

    public bool IsValid => string.IsNullOrEmpty(AdminEmail) || new EmailAddressAttribute().IsValid(AdminEmail);
}

/// <summary>Sign-in limits (section <c>Platform:SignIn</c>).</summary>
public sealed class SignInLimitOptions
{
    public const string SectionName = "Platform:SignIn";

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;
}

/// <summary>Makes the roles and the configured first admin, once the database is migrated.</summary>
internal sealed partial class StaffBootstrapper(
    IServiceScopeFactory scopes, IOptions<BootstrapOptions> options, IHostEnvironment environment, TimeProvider timeProvider, ILogger<StaffBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in new[] { PlatformRoles.Agent, PlatformRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var settings = options.Value;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        if (string.IsNullOrWhiteSpace(settings.AdminEmail) || string.IsNullOrEmpty(settings.AdminPassword))
        {
            if ((await users.GetUsersInRoleAsync(PlatformRoles.Admin)).Count == 0)
            {
                await CreateGeneratedAdminAsync(users, settings);
            }

            return;
        }

        if (await users.FindByEmailAsync(settings.AdminEmail) is not null)
        {
            return;
        }

        await CreateAdminAsync(users, settings.AdminEmail, settings.AdminPassword);
        LogCreated(logger, settings.AdminEmail);
    }

    /// <summary>A first admin for a fresh install that configured none: random password, kept in the credentials file.</summary>
    private async Task CreateGeneratedAdminAsync(UserManager<PlatformUser> users, BootstrapOptions settings)
    {
        const string email = "admin@localhost";
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_') + "-Aa1";
        await CreateAdminAsync(users, email, password);
        var file = Path.GetFullPath(settings.CredentialsFile, environment.ContentRootPath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, $"email: {email}\npassword: {password}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        LogGenerated(logger, email, file);
    }

    private async Task CreateAdminAsync(UserManager<PlatformUser> users, string email, string password)
    {
        var admin = new PlatformUser { UserName = email, Email = email, DisplayName = "Admin", EmailConfirmed = true, CreatedAt = timeProvider.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            // A weak configured password must stop the start: an unusable first admin is worse than a clear error.
            throw new InvalidOperationException($"Platform:Bootstrap:AdminPassword was refused: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }

        await users.AddToRolesAsync(admin, [PlatformRoles.Admin, PlatformRoles.Agent]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No first admin is configured (Platform:Bootstrap); created {Email} with a random password, saved to {File}. Sign in at /console/ and add your own accounts")]
    private static partial void LogGenerated(ILogger logger, string email, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin account {Email} from Platform:Bootstrap")]
    private static partial void LogCreated(ILogger logger, string email);
}
