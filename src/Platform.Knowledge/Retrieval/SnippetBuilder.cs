using System.Text;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// The window of a passage that holds the most of the query's words, for a citation. The index is contentless, so
/// FTS5's own <c>snippet()</c> has no text to cut from; matching here is by a shared prefix, close enough to the
/// index's Porter stems for picking a window ("returning" finds "returns").
/// </summary>
public static class SnippetBuilder
{
    public static string Build(string text, IReadOnlyList<string> terms, int maxWords = 32)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= maxWords)
        {
            return string.Join(' ', words);
        }

        var stems = terms.Select(Stem).Where(s => s.Length > 0).ToArray();
        var matches = words.Select(w => Matches(w, stems)).ToArray();
        int bestStart = 0, bestScore = -1, score = 0;
        for (var i = 0; i < words.Length; i++)
        {
            score += matches[i];
            if (i >= maxWords)
            {
                score -= matches[i - maxWords];
            }

            if (i >= maxWords - 1 && score > bestScore)
            {
                bestScore = score;
                bestStart = i - maxWords + 1;
            }
        }

        var snippet = new StringBuilder();
        if (bestStart > 0)
        {
            snippet.Append('…');
        }

        snippet.AppendJoin(' ', words.Skip(bestStart).Take(maxWords));
        if (bestStart + maxWords < words.Length)
        {
            snippet.Append('…');
        }

        return snippet.ToString();
    }

    private static int Matches(string word, string[] stems)
    {
        var folded = Stem(word);
        return folded.Length > 0 && stems.Any(s => folded.StartsWith(s, StringComparison.Ordinal) || s.StartsWith(folded, StringComparison.Ordinal)) ? 1 : 0;
    }

    private static string Stem(string word)
    {
        var letters = new string([.. word.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        return letters.Length > 5 ? letters[..5] : letters;
    }
}
