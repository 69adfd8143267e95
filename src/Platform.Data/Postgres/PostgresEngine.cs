using Microsoft.EntityFrameworkCore;

namespace Platform.Data.Postgres;

/// <summary>
/// The scale-out engine: PostgreSQL through Npgsql. No retrying execution strategy: the stores open their own
/// transactions (an append is one), which a retrying strategy refuses; a node that loses the database answers
/// <c>/readyz</c> 503 and the caller retries the request instead.
/// </summary>
public sealed class PostgresEngine : IDatabaseEngine
{
    /// <summary>The assembly that holds the PostgreSQL migrations (<c>migrations/Platform.Migrations.Postgres</c>).</summary>
    public const string MigrationsAssembly = "Platform.Migrations.Postgres";

    public void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));
    }
}
