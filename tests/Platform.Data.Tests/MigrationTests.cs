using Microsoft.EntityFrameworkCore;
using Platform.TestSupport;

namespace Platform.Data.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Model_HasNoChangesThatNoMigrationCovers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model has changes no migration covers: add one (see migrations/README.md).");
    }

    [SqliteFact]
    public async Task Migrate_CreatesTheContentlessFullTextIndexWithItsDeleteTrigger()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        var objects = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM sqlite_master WHERE name LIKE 'Chunk%'").ToListAsync();

        Assert.Contains("ChunksFts", objects);
        Assert.Contains("ChunkHeadingsFts", objects);
        Assert.Contains("Chunks_AfterDelete", objects);
        // Inserts are the platform's (the index text has the synonyms applied), so no insert trigger may double them.
        Assert.DoesNotContain("Chunks_AfterInsert", objects);
        Assert.DoesNotContain("Chunks_AfterUpdate", objects);
    }

    [SqliteFact]
    public async Task Connection_UsesWalBusyTimeoutAndForeignKeys()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        await db.Database.OpenConnectionAsync();

        var journal = await db.Database.SqlQuery<string>($"SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();
        var foreignKeys = await db.Database.SqlQuery<long>($"SELECT foreign_keys AS Value FROM pragma_foreign_keys").SingleAsync();
        var busyTimeout = await db.Database.SqlQuery<long>($"SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync();

        Assert.Equal("wal", journal);
        Assert.Equal(1, foreignKeys);
        Assert.Equal(new DatabaseOptions().BusyTimeoutMs, busyTimeout);
    }

    [PostgresFact]
    public async Task Migrate_OnPostgres_CreatesTheFullTextTableWithGinIndexesThatCascadeFromChunks()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        var indexes = await db.Database.SqlQuery<string>($"""
            SELECT indexdef AS "Value" FROM pg_indexes WHERE tablename = 'ChunkSearch' AND indexdef LIKE '%USING gin%'
            """).ToListAsync();
        var deleteRule = await db.Database.SqlQuery<string>($"""
            SELECT rc.delete_rule AS "Value" FROM information_schema.referential_constraints rc
            JOIN information_schema.table_constraints tc ON tc.constraint_name = rc.constraint_name
            WHERE tc.table_name = 'ChunkSearch'
            """).SingleAsync();

        Assert.Equal(2, indexes.Count);
        Assert.Contains(indexes, i => i.Contains("\"Passage\"", StringComparison.Ordinal));
        Assert.Contains(indexes, i => i.Contains("\"Heading\"", StringComparison.Ordinal));
        Assert.Equal("CASCADE", deleteRule);
    }
}
