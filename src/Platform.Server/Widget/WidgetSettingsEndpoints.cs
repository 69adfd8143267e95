using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Platform.Contracts.Widget;
using Platform.Data.Widget;
using Platform.Domain.Widget;
using Platform.Server.Auth;

namespace Platform.Server.Widget;

/// <summary>
/// <c>/api/v1/widget/settings</c>: every widget reads its look here (public, cached briefly by browsers and by this
/// process); admins change it.
/// </summary>
internal static partial class WidgetSettingsEndpoints
{
    private const string CacheKey = "widget-settings";

    /// <summary>How stale a widget's look may be after an admin changed it, on another server or in a browser.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public static RouteGroupBuilder MapWidgetSettingsEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/settings", Get).AllowAnonymous().RequireCors(WidgetOptions.CorsPolicy);
        group.MapPut("/settings", Put).RequireAuthorization(AdminAuthentication.Policy);
        return group;
    }

    private static async Task<Ok<WidgetSettingsDto>> Get(HttpContext context, IMemoryCache cache, WidgetSettingsStore store, CancellationToken cancellationToken)
    {
        var settings = await cache.GetOrCreateAsync(CacheKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return await store.FindAsync(cancellationToken) is { } stored ? ToDto(stored) : WidgetSettingsDto.Default;
        });
        context.Response.Headers.CacheControl = $"public, max-age={(int)CacheFor.TotalSeconds}";
        return TypedResults.Ok(settings!);
    }

    private static async Task<Results<Ok<WidgetSettingsDto>, ValidationProblem>> Put(
        WidgetSettingsDto request, IMemoryCache cache, WidgetSettingsStore store, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The widget settings are not valid; see errors.");
        }

        var saved = ToDto(await store.SaveAsync(
            new WidgetSettings
            {
                Title = request.Title.Trim(),
                Greeting = request.Greeting.Trim(),
                PrimaryColor = request.PrimaryColor.ToLowerInvariant(),
                TextOnPrimaryColor = request.TextOnPrimaryColor.ToLowerInvariant(),
                Position = request.Position,
            },
            cancellationToken));
        cache.Set(CacheKey, saved, CacheFor);
        return TypedResults.Ok(saved);
    }

    private static Dictionary<string, string[]> Validate(WidgetSettingsDto request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Trim().Length > WidgetSettingsDto.MaxTitleLength)
        {
            errors["title"] = [$"The title is 1 to {WidgetSettingsDto.MaxTitleLength} characters."];
        }

        if (request.Greeting is null || request.Greeting.Trim().Length > WidgetSettingsDto.MaxGreetingLength)
        {
            errors["greeting"] = [$"The greeting is at most {WidgetSettingsDto.MaxGreetingLength} characters."];
        }

        if (request.PrimaryColor is null || !Colour().IsMatch(request.PrimaryColor))
        {
            errors["primaryColor"] = ["A colour is written #rrggbb."];
        }

        if (request.TextOnPrimaryColor is null || !Colour().IsMatch(request.TextOnPrimaryColor))
        {
            errors["textOnPrimaryColor"] = ["A colour is written #rrggbb."];
        }

        if (request.Position is not ("left" or "right"))
        {
            errors["position"] = ["The position is left or right."];
        }

        return errors;
    }

    private static WidgetSettingsDto ToDto(WidgetSettings settings) => new()
    {
        Title = settings.Title,
        Greeting = settings.Greeting,
        PrimaryColor = settings.PrimaryColor,
        TextOnPrimaryColor = settings.TextOnPrimaryColor,
        Position = settings.Position,
    };

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Colour();
}
