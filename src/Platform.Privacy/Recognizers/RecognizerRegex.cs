using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Settings every recognizer pattern shares. The non-backtracking engine runs in time linear in the input, so hostile
/// text cannot make a pattern hang; the timeout is a second guard, and a timeout fails the redaction rather than
/// letting unredacted text through.
/// </summary>
internal static class RecognizerRegex
{
    public const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    public const int TimeoutMilliseconds = 5_000;

    /// <summary>Every match of <paramref name="pattern"/> that does not start in the middle of a word, as a span of <paramref name="type"/>.</summary>
    public static IEnumerable<PiiSpan> SpansAtWordStart(Regex pattern, string text, PiiType type)
    {
        foreach (Match match in pattern.Matches(text))
        {
            if (!IsAlphanumericAt(text, match.Index - 1))
            {
                yield return new PiiSpan(type, match.Index, match.Length, match.Value);
            }
        }
    }

    /// <summary>True when the character at <paramref name="index"/> exists and is a letter or digit (so a match there is not at a boundary).</summary>
    public static bool IsAlphanumericAt(string text, int index) =>
        index >= 0 && index < text.Length && char.IsLetterOrDigit(text[index]);
}
