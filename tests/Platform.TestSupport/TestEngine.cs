using Platform.Data;

namespace Platform.TestSupport;

/// <summary>
/// The database engine this test run is for: PLATFORM_TEST_DATABASE (<c>sqlite</c>, the default, or <c>postgres</c>).
/// The PostgreSQL test projects set it in their runsettings, so the same tests run once per engine.
/// </summary>
public static class TestEngine
{
    public const string Variable = "PLATFORM_TEST_DATABASE";

    public static string Current { get; } =
        (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : DatabaseOptions.Sqlite).ToLowerInvariant() switch
        {
            DatabaseOptions.Sqlite => DatabaseOptions.Sqlite,
            DatabaseOptions.Postgres => DatabaseOptions.Postgres,
            var other => throw new InvalidOperationException($"{Variable} is '{other}'; it must be 'sqlite' or 'postgres'."),
        };

    public static bool IsPostgres => Current == DatabaseOptions.Postgres;
}

/// <summary>A fact about the SQLite store itself (its file, pragmas, FTS5), skipped where the run is for PostgreSQL.</summary>
public sealed class SqliteFactAttribute : Xunit.FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestEngine.IsPostgres)
        {
            Skip = "A SQLite-only fact; the SQLite run of this test project proves it.";
        }
    }
}

/// <summary>A fact about the PostgreSQL store itself, skipped where the run is for SQLite.</summary>
public sealed class PostgresFactAttribute : Xunit.FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestEngine.IsPostgres)
        {
            Skip = "A PostgreSQL-only fact; the PostgreSQL run of this test project proves it.";
        }
    }
}
