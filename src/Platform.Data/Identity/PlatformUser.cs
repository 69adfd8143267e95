using Microsoft.AspNetCore.Identity;

namespace Platform.Data.Identity;

/// <summary>An agent or admin account (ASP.NET Core Identity, in the platform's own database).</summary>
public sealed class PlatformUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>A disabled account cannot sign in; its history stays.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The roles the platform knows.</summary>
public static class PlatformRoles
{
    public const string Agent = "Agent";
    public const string Admin = "Admin";
}
