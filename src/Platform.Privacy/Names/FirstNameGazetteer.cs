using System.Collections.Frozen;

namespace Platform.Privacy.Names;

/// <summary>The embedded list of common first names (<c>Names/FirstNames.txt</c>), matched case-insensitively.</summary>
internal sealed class FirstNameGazetteer
{
    private readonly FrozenSet<string> names;

    private FirstNameGazetteer(IEnumerable<string> names) =>
        this.names = names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static FirstNameGazetteer Load()
    {
        using var stream = typeof(FirstNameGazetteer).Assembly.GetManifestResourceStream("Platform.Privacy.FirstNames.txt")
            ?? throw new InvalidOperationException("the embedded first-name list is missing");
        using var reader = new StreamReader(stream);
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                names.Add(line);
            }
        }

        return new FirstNameGazetteer(names);
    }

    public int Count => names.Count;

    public bool Contains(string word) => names.Contains(word);
}
