namespace Platform.Server.Hosting;

/// <summary>
/// Finds the folder that holds <c>appsettings.json</c> and <c>Platform.sln</c>, so the run command works from any
/// folder of a clone and relative paths in the configuration mean the same thing everywhere.
/// </summary>
internal static class RepositoryRoot
{
    private const string Marker = "Platform.sln";

    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, Marker)))
                {
                    return folder.FullName;
                }
            }
        }

        // A published build has no solution file: its own folder holds appsettings.json.
        return AppContext.BaseDirectory;
    }
}
