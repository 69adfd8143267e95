using System.Text.RegularExpressions;

namespace Platform.Inference.Templates;

/// <summary>
/// Splits a passage into the sentences the support-gpt template numbers. The training recipe splits with the same
/// rules (models/training), so a marker means the same sentence at training and at serving time.
/// </summary>
public static partial class SentenceSplitter
{
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        foreach (var block in BlockBreak().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var paragraph = Whitespace().Replace(Emphasis().Replace(Bullet().Replace(Heading().Replace(block.Trim(), string.Empty), string.Empty), string.Empty), " ").Trim();
            foreach (var sentence in SentenceBreak().Split(paragraph))
            {
                var trimmed = sentence.Trim();
                if (trimmed.Length > 0)
                {
                    sentences.Add(trimmed);
                }
            }
        }

        return sentences;
    }

    // Blank lines, and line breaks that start a list item.
    [GeneratedRegex(@"\n\s*\n|\n(?=\s*(?:[-*+]\s|\d+[.)]\s))")]
    private static partial Regex BlockBreak();

    [GeneratedRegex(@"^(?:[-*+]|\d+[.)])\s+")]
    private static partial Regex Bullet();

    // FAQ pages hold ### sub-questions inside a passage; the marks are layout, not words.
    [GeneratedRegex(@"^#{1,6}\s+", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z0-9""'(\[])")]
    private static partial Regex SentenceBreak();
}
