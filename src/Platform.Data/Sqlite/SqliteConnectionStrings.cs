using Microsoft.Data.Sqlite;

namespace Platform.Data.Sqlite;

public static class SqliteConnectionStrings
{
    /// <summary>Makes a relative <c>Data Source</c> absolute under <paramref name="contentRoot"/> and creates its folder.</summary>
    public static string Resolve(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        var inMemory = string.IsNullOrEmpty(dataSource)
            || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            || builder.Mode == SqliteOpenMode.Memory;
        if (inMemory)
        {
            return builder.ToString();
        }

        if (!Path.IsPathRooted(dataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, dataSource));
        }

        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Pooling keeps the pragmas' cost off every request; EF opens and closes per operation.
        builder.Pooling = true;
        return builder.ToString();
    }
}
