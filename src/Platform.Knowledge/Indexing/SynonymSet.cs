using System.Globalization;
using System.Text;

namespace Platform.Knowledge.Indexing;

/// <summary>
/// An admin's synonym groups, applied alike to the text that is indexed and to the queries: every entry of a group,
/// a word or a phrase, is replaced by the group's first entry. Mapping both sides to one form is what makes BM25 treat
/// "corona virus", "covid" and "coronavirus" as one term; expanding the query with OR would instead add their scores
/// and rank the passages that repeat the most variants first.
/// </summary>
public sealed class SynonymSet
{
    public const int MaxGroups = 2_000;
    public const int MaxEntryWords = 4;

    public static readonly SynonymSet Empty = new([], string.Empty);

    // Keyed by the entry's words after Normalize, joined by a space; the value is the canonical text.
    private readonly Dictionary<string, string> _canonical;
    private readonly int _longestEntry;

    private SynonymSet(Dictionary<string, string> canonical, string source)
    {
        _canonical = canonical;
        _longestEntry = canonical.Count == 0 ? 0 : canonical.Keys.Max(k => k.Count(c => c == ' ') + 1);
        Source = source;
    }

    /// <summary>The list as the admin wrote it.</summary>
    public string Source { get; }

    public bool IsEmpty => _canonical.Count == 0;

    public int GroupCount => _canonical.Values.Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// Reads one group per line, entries separated by commas; blank lines and lines starting with <c>#</c> are skipped.
    /// Throws <see cref="FormatException"/> with the line number when a line is not a usable group.
    /// </summary>
    public static SynonymSet Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = 0;
        var lineNumber = 0;
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var entries = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(e => (Text: e, Key: string.Join(' ', Words(e).Select(w => w.Key))))
                .Where(e => e.Key.Length > 0)
                .ToList();
            if (entries.Count < 2)
            {
                throw new FormatException($"Synonyms line {lineNumber}: a group needs at least two comma-separated entries.");
            }

            if (entries.Any(e => e.Key.Count(c => c == ' ') + 1 > MaxEntryWords))
            {
                throw new FormatException($"Synonyms line {lineNumber}: an entry may have at most {MaxEntryWords} words.");
            }

            if (++groups > MaxGroups)
            {
                throw new FormatException($"The synonym list has more than {MaxGroups} groups.");
            }

            var target = string.Join(' ', Words(entries[0].Text).Select(w => w.Lower));
            foreach (var (_, key) in entries)
            {
                if (canonical.TryGetValue(key, out var existing) && !string.Equals(existing, target, StringComparison.Ordinal))
                {
                    throw new FormatException($"Synonyms line {lineNumber}: '{key}' is already in the group of '{existing}'.");
                }

                canonical[key] = target;
            }
        }

        return new SynonymSet(canonical, text);
    }

    /// <summary>The text with every synonym replaced by its group's first entry; other characters are kept.</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsEmpty || text.Length == 0)
        {
            return text;
        }

        var words = Words(text).ToList();
        var output = new StringBuilder(text.Length + 16);
        var copiedTo = 0;
        string? previous = null;
        for (var i = 0; i < words.Count;)
        {
            var matched = 0;
            string? replacement = null;
            for (var length = Math.Min(_longestEntry, words.Count - i); length >= 1 && replacement is null; length--)
            {
                var key = length == 1 ? words[i].Key : string.Join(' ', words.Skip(i).Take(length).Select(w => w.Key));
                if (_canonical.TryGetValue(key, out var canonical))
                {
                    replacement = canonical;
                    matched = length;
                }
            }

            if (replacement is null)
            {
                previous = null;
                i++;
                continue;
            }

            var last = words[i + matched - 1];
            var gap = text.AsSpan(copiedTo, words[i].Start - copiedTo);

            // "coronavirus / COVID-19" or "COVID-19 (coronavirus)" names one thing once; mapped to one form it would
            // read "coronavirus / coronavirus", and BM25 would rank every passage that spells out both names first.
            if (string.Equals(replacement, previous, StringComparison.Ordinal) && IsSeparatorOnly(gap))
            {
                copiedTo = last.Start + last.Length;
            }
            else
            {
                output.Append(gap).Append(replacement);
                copiedTo = last.Start + last.Length;
            }

            previous = replacement;
            i += matched;
        }

        return copiedTo == 0 ? text : output.Append(text, copiedTo, text.Length - copiedTo).ToString();
    }

    private static bool IsSeparatorOnly(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (!char.IsWhiteSpace(c) && c is not ('/' or '(' or ')' or ',' or '-' or '|' or ':' or '[' or ']'))
            {
                return false;
            }
        }

        return gap.Length <= 4;
    }

    /// <summary>Words as the index sees them (letters and digits; an apostrophe joins), with a plural-blind key.</summary>
    private static IEnumerable<(int Start, int Length, string Lower, string Key)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || (start >= 0 && text[i] is '\'' or '\u2019'));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var lower = Fold(text.AsSpan(start, i - start));
                yield return (start, i - start, lower, Singular(lower));
                start = -1;
            }
        }
    }

    private static string Fold(ReadOnlySpan<char> word)
    {
        var builder = new StringBuilder(word.Length);
        foreach (var c in word.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c is not ('\'' or '\u2019'))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    // Harman's S-stemmer: enough for "mask"/"masks" and "baby"/"babies" to be one entry, and never wrong the way an
    // aggressive stemmer is on short product names.
    private static string Singular(string word)
    {
        if (word.Length <= 3 || !word.EndsWith('s'))
        {
            return word;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal) && !word.EndsWith("eies", StringComparison.Ordinal) && !word.EndsWith("aies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("es", StringComparison.Ordinal) && !word.EndsWith("aes", StringComparison.Ordinal) && !word.EndsWith("ees", StringComparison.Ordinal) && !word.EndsWith("oes", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("ss", StringComparison.Ordinal) ? word : word[..^1];
    }
}
