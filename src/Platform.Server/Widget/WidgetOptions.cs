namespace Platform.Server.Widget;

/// <summary>The embeddable widget's host settings (section <c>Platform:Widget</c>).</summary>
public sealed class WidgetOptions
{
    public const string SectionName = "Platform:Widget";

    /// <summary>The CORS policy of the visitor endpoints the widget calls from other sites.</summary>
    public const string CorsPolicy = "widget";

    /// <summary>
    /// Origins (<c>https://shop.example</c>) whose pages may embed the widget. Empty: any origin, which is safe here
    /// because visitor tokens travel as bearer tokens, never cookies, so no credentials are allowed cross-origin.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
