using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Knowledge.Ingestion;

/// <summary>
/// Splits Markdown into sections by its headings. The first level-1 heading is the title; deeper headings
/// form the heading path of the text under them. Headings inside fenced code are text, not structure.
/// </summary>
public static partial class MarkdownParser
{
    public const string HeadingSeparator = " > ";

    public static ParsedDocument Parse(string markdown, string fallbackTitle)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        string? title = null;
        var headings = new List<(int Level, string Text)>();
        var sections = new List<DocumentSection>();
        var body = new StringBuilder();
        var inFence = false;

        void Flush()
        {
            var text = body.ToString().Trim();
            body.Clear();
            if (text.Length > 0)
            {
                sections.Add(new DocumentSection(string.Join(HeadingSeparator, headings.Select(h => h.Text)), text));
            }
        }

        foreach (var rawLine in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                body.AppendLine(line);
                continue;
            }

            var heading = inFence ? null : HeadingPattern().Match(line);
            if (heading is null || !heading.Success)
            {
                body.AppendLine(line);
                continue;
            }

            Flush();
            var level = heading.Groups["hashes"].Length;
            var text = heading.Groups["text"].Value.Trim().TrimEnd('#').Trim();
            if (level == 1 && title is null)
            {
                title = text;
                headings.Clear();
                continue;
            }

            headings.RemoveAll(h => h.Level >= level);
            headings.Add((level, text));
        }

        Flush();
        return new ParsedDocument(string.IsNullOrWhiteSpace(title) ? fallbackTitle : title, sections);
    }

    [GeneratedRegex(@"^ {0,3}(?<hashes>#{1,6})[ \t]+(?<text>.+)$")]
    private static partial Regex HeadingPattern();
}
