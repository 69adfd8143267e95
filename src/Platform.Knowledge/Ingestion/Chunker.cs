using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Knowledge.Ingestion;

/// <summary>
/// Turns sections into retrievable passages. A section that fits stays whole (an FAQ answer is one passage);
/// a longer one is cut at paragraph, then sentence, boundaries, each piece starting with the tail of the last.
/// </summary>
public sealed partial class Chunker(int maxChars, int overlapChars)
{
    public IEnumerable<DocumentSection> Split(DocumentSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (section.Text.Length <= maxChars || section.KeepWhole)
        {
            yield return section;
            yield break;
        }

        var current = new StringBuilder();
        foreach (var unit in Units(section.Text))
        {
            if (current.Length > 0 && current.Length + unit.Length + 2 > maxChars)
            {
                var piece = current.ToString().Trim();
                yield return section with { Text = piece };
                current.Clear();
                current.Append(Tail(piece));
            }

            if (current.Length > 0)
            {
                current.Append("\n\n");
            }

            current.Append(unit);
        }

        if (current.Length > 0)
        {
            yield return section with { Text = current.ToString().Trim() };
        }
    }

    // A unit plus the carried tail plus the paragraph break must still fit in one chunk.
    private int MaxUnitChars => Math.Max(1, maxChars - overlapChars - 2);

    private IEnumerable<string> Units(string text)
    {
        foreach (var paragraph in ParagraphBreak().Split(text))
        {
            var trimmed = paragraph.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed.Length <= MaxUnitChars)
            {
                yield return trimmed;
                continue;
            }

            foreach (var sentence in SentenceBreak().Split(trimmed))
            {
                // A single sentence longer than a chunk is cut hard; nothing else keeps the size bound.
                for (var start = 0; start < sentence.Length; start += MaxUnitChars)
                {
                    yield return sentence.Substring(start, Math.Min(MaxUnitChars, sentence.Length - start));
                }
            }
        }
    }

    private string Tail(string piece)
    {
        if (overlapChars == 0 || piece.Length <= overlapChars)
        {
            return overlapChars == 0 ? string.Empty : piece;
        }

        var tail = piece[^overlapChars..];
        var wordStart = tail.IndexOf(' ', StringComparison.Ordinal);
        return wordStart > 0 ? tail[(wordStart + 1)..] : tail;
    }

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceBreak();
}
