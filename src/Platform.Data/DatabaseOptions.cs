using System.ComponentModel.DataAnnotations;

namespace Platform.Data;

/// <summary>Where the store lives (section <c>Platform:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Platform:Database";

    /// <summary>Only <c>Sqlite</c> ships today; <c>Postgres</c> is the scale-out path in ARCHITECTURE.md.</summary>
    [Required]
    [RegularExpression("^Sqlite$", ErrorMessage = "Platform:Database:Provider must be 'Sqlite' (the only provider this build ships).")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>A relative <c>Data Source</c> resolves from the content root (the repository root when run from a clone).</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/platform.db";

    /// <summary>How long a writer waits for SQLite's lock before it gives up.</summary>
    [Range(100, 120_000)]
    public int BusyTimeoutMs { get; set; } = 5000;
}
