using System.ComponentModel.DataAnnotations;

namespace Platform.Data;

/// <summary>Where the store lives (section <c>Platform:Database</c>).</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string SectionName = "Platform:Database";

    /// <summary>The embedded default: one SQLite file beside the server.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The scale-out store: every node of a deployment on one PostgreSQL database.</summary>
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (the default) or <c>postgres</c>, in any case.</summary>
    [Required]
    [RegularExpression("^(?i:sqlite|postgres)$", ErrorMessage = "Platform:Database:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// SQLite: a <c>Data Source</c>; a relative one resolves from the content root (the repository root when run
    /// from a clone). PostgreSQL: an Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>).
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/platform.db";

    /// <summary>How long a SQLite writer waits for the file's lock before it gives up.</summary>
    [Range(100, 120_000)]
    public int BusyTimeoutMs { get; set; } = 5000;

    /// <summary>The provider's key, lower case, as the engines are registered under it.</summary>
    public string Engine => Provider.ToLowerInvariant();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Engine == Postgres && ConnectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                "Platform:Database:Provider is 'postgres' but Platform:Database:ConnectionString is a SQLite 'Data Source'; " +
                "set it to an Npgsql connection string such as 'Host=db;Database=platform;Username=platform;Password=...'.",
                [nameof(ConnectionString)]);
        }
    }
}
