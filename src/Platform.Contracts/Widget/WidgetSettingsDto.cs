namespace Platform.Contracts.Widget;

/// <summary>
/// The widget's look (<c>GET/PUT /api/v1/widget/settings</c>). Colours are <c>#rrggbb</c>; position is <c>left</c>
/// or <c>right</c>; the page's <c>data-</c> attributes override each field.
/// </summary>
public sealed record WidgetSettingsDto
{
    public const int MaxTitleLength = 60;
    public const int MaxGreetingLength = 500;

    public required string Title { get; init; }

    public required string Greeting { get; init; }

    public required string PrimaryColor { get; init; }

    public required string TextOnPrimaryColor { get; init; }

    public required string Position { get; init; }

    public static WidgetSettingsDto Default { get; } = new()
    {
        Title = "Support",
        Greeting = "Hi! Ask me anything about orders, shipping, returns or our products.",
        PrimaryColor = "#1f6feb",
        TextOnPrimaryColor = "#ffffff",
        Position = "right",
    };
}
