namespace Platform.Privacy.Recognizers;

/// <summary>Finds candidate spans of one kind of personal data; the redactor resolves overlaps between kinds.</summary>
internal interface IPiiRecognizer
{
    PiiType Type { get; }

    IEnumerable<PiiSpan> Find(string text);
}

internal static class Patterns
{
    /// <summary>
    /// Every pattern runs on the non-backtracking engine: matching is linear in the text, so no visitor message can
    /// make redaction hang. The timeout is a second fence.
    /// </summary>
    public static System.Text.RegularExpressions.Regex Create(string pattern, TimeSpan timeout, bool ignoreCase = false) =>
        new(pattern,
            System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant
                | (ignoreCase ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : System.Text.RegularExpressions.RegexOptions.None),
            timeout);

    public static bool IsDigitAt(string text, int index) => index >= 0 && index < text.Length && char.IsAsciiDigit(text[index]);

    public static bool IsWordCharAt(string text, int index) => index >= 0 && index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] == '_');

    /// <summary>The lower-cased text just before <paramref name="index"/> (at most <paramref name="width"/> characters).</summary>
    public static string Before(string text, int index, int width) =>
        text[Math.Max(0, index - width)..index].ToLowerInvariant();
}
