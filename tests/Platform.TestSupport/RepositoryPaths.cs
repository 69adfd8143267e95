namespace Platform.TestSupport;

/// <summary>Paths inside the clone the tests run from, and the shared datasets beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleKnowledgeBase => System.IO.Path.Combine(Root, "samples", "knowledge-base");

    public static string TestData => System.IO.Path.Combine(Root, "tests", "data");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Platform.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run inside a clone of the repository (no Platform.sln found above them).");
    }
}
