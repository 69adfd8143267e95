namespace Platform.Cli;

/// <summary>The folder that holds <c>Platform.sln</c>; default paths (models, samples, data) are relative to it.</summary>
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

        return Directory.GetCurrentDirectory();
    }

    /// <summary>A path as given when it exists from the current folder, else relative to the repository root.</summary>
    public static string Resolve(string root, string path)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        var here = Path.GetFullPath(path);
        return File.Exists(here) || Directory.Exists(here) ? here : Path.GetFullPath(path, root);
    }
}
