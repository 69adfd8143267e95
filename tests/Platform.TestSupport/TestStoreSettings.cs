using System.Security.Cryptography;
using System.Text;
using Platform.Data;
using Platform.TestSupport.Servers;

namespace Platform.TestSupport;

/// <summary>The <c>Platform:Database</c> settings a test server uses for a data folder, on the engine of this run.</summary>
public static class TestStoreSettings
{
    /// <summary>
    /// SQLite: the file in <paramref name="dataFolder"/>. PostgreSQL: a database named after the folder on this test
    /// process's server, so a server restarted on the same folder finds its data again, as it would its file.
    /// </summary>
    public static async Task<Dictionary<string, string?>> ForAsync(string dataFolder)
    {
        if (!TestEngine.IsPostgres)
        {
            return new()
            {
                ["Platform:Database:Provider"] = DatabaseOptions.Sqlite,
                ["Platform:Database:ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "platform.db")}",
            };
        }

        var server = await PostgresServer.GetAsync();
        var name = "it_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataFolder))))[..24];
        return new()
        {
            ["Platform:Database:Provider"] = DatabaseOptions.Postgres,
            ["Platform:Database:ConnectionString"] = await server.EnsureDatabaseAsync(name),
        };
    }
}
