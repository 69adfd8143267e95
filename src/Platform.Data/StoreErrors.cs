using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Platform.Data;

/// <summary>What a failed write means, whichever engine reported it.</summary>
public static class StoreErrors
{
    // SQLITE_CONSTRAINT; PostgreSQL's SQLSTATE class 23 "integrity constraint violation", 23505 unique_violation.
    private const int SqliteConstraint = 19;
    private const string UniqueViolation = "23505";

    /// <summary>Whether <paramref name="exception"/> (or its cause) is a unique constraint the row broke.</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        DbException db when db.SqlState == UniqueViolation => true,
        { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => false,
    };
}
