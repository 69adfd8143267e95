using System.ComponentModel.DataAnnotations;

namespace Platform.Privacy;

/// <summary>Redaction settings (section <c>Platform:Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Platform:Privacy";

    /// <summary>The kinds to redact; all by default.</summary>
    [Required]
    public HashSet<PiiType> Redact { get; set; } = [.. Enum.GetValues<PiiType>()];

    /// <summary>How long one recognizer may spend on one text before it gives up (hostile input must not hang an export).</summary>
    [Range(1, 60_000)]
    public int MatchTimeoutMilliseconds { get; set; } = 250;
}
