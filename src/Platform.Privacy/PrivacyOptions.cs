namespace Platform.Privacy;

/// <summary>Redaction settings (section <c>Platform:Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Platform:Privacy";

    /// <summary>The types to redact; null or empty redacts every type (the default).</summary>
    public IReadOnlyList<PiiType>? Types { get; set; }

    internal bool Redacts(PiiType type) => Types is not { Count: > 0 } types || types.Contains(type);
}
