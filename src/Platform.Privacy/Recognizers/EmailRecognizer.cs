using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>Addresses of the form local@domain.tld (the common subset of RFC 5322 that people type).</summary>
internal sealed partial class EmailRecognizer : IPiiRecognizer
{
    public PiiType Type => PiiType.Email;

    // A match that starts after a letter or digit is the tail of a local part longer than RFC 5321 allows (64).
    public IEnumerable<PiiSpan> Find(string text) => RecognizerRegex.SpansAtWordStart(Pattern(), text, PiiType.Email);

    [GeneratedRegex(@"[A-Za-z0-9_%+\-](?:[A-Za-z0-9._%+\-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62})(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}\b", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex Pattern();
}
