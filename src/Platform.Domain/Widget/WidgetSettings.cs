namespace Platform.Domain.Widget;

/// <summary>How the website widget looks: one row, edited from the admin console and read by every widget.</summary>
public sealed class WidgetSettings
{
    /// <summary>The one row's key.</summary>
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public required string Title { get; set; }

    public required string Greeting { get; set; }

    /// <summary>#rrggbb: the launcher, the header and the visitor's bubbles.</summary>
    public required string PrimaryColor { get; set; }

    /// <summary>#rrggbb: text drawn on the primary colour.</summary>
    public required string TextOnPrimaryColor { get; set; }

    /// <summary><c>left</c> or <c>right</c>: the bottom corner the launcher sits in.</summary>
    public required string Position { get; set; }

    public DateTime UpdatedAt { get; set; }
}
