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

    /// <summary>True when the character at <paramref name="index"/> exists and is a letter or digit (so a match there is not at a boundary).</summary>
    public static bool IsAlphanumericAt(string text, int index) =>
        index >= 0 && index < text.Length && char.IsLetterOrDigit(text[index]);
}
