using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Telephone numbers. A run of digits with phone punctuation is a phone number when it is international (+CC or 00CC
/// and 8-15 digits), or laid out as a North American number ((415) 555-0132, 415-555-0132, 415.555.0132) or a UK
/// number (11 digits from a leading 0, in groups), or when 9-12 digits follow a phone word ("call", "mobile", "tel")
/// with no order word ("order", "tracking", "invoice") closer to it. Order numbers, dates, prices, ZIP codes and SKUs
/// fail these tests by their digit counts, their punctuation or their context.
/// </summary>
internal sealed partial class PhoneRecognizer : IPiiRecognizer
{
    private const int ContextWindow = 30;

    /// <summary>At most this many trailing digits (a count or a day typed after the number) are dropped from a run that is not a phone number as a whole.</summary>
    private const int MaxDigitsDropped = 2;

    public PiiType Type => PiiType.Phone;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            var start = match.Index;
            var before = start > 0 ? text[start - 1] : ' ';
            if (char.IsLetterOrDigit(before) || before is '#' or '$' or '£' or '€' or '-' or '/' or '.' or ':' || EndsWithLetterDash(text, start))
            {
                continue;
            }

            if (Accepted(text, start, match.Value) is { } length)
            {
                yield return new PiiSpan(PiiType.Phone, start, length, match.Value[..length]);
            }
        }
    }

    private static bool EndsWithLetterDash(string text, int start) => start >= 2 && text[start - 1] == '-' && char.IsLetter(text[start - 2]);

    private static int? Accepted(string text, int start, string run)
    {
        var end = run.Length;
        while (true)
        {
            var candidate = run[..end].TrimEnd('(', ' ', '-', '.');
            var after = start + candidate.Length;
            if (after < text.Length && (char.IsLetterOrDigit(text[after]) || (text[after] is '/' or ':' or '%' && after + 1 < text.Length && char.IsAsciiDigit(text[after + 1]))))
            {
                return null;
            }

            if (IsPhone(text, start, candidate))
            {
                return candidate.Length;
            }

            var space = candidate.LastIndexOf(' ');
            if (space <= 0 || run[space..].Count(char.IsAsciiDigit) > MaxDigitsDropped)
            {
                return null;
            }

            end = space;
        }
    }

    private static bool IsPhone(string text, int start, string candidate)
    {
        if (candidate.Count(c => c == '(') != candidate.Count(c => c == ')'))
        {
            return false;
        }

        var digits = candidate.Count(char.IsAsciiDigit);
        if (candidate.StartsWith('+'))
        {
            return digits is >= 8 and <= 15;
        }

        // 00 dialling is also how zero-padded account and loyalty numbers start, so a closer order word vetoes it.
        if (candidate.StartsWith("00", StringComparison.Ordinal) && candidate.Length > 2 && candidate[2] != '0')
        {
            return digits is >= 10 and <= 15 && !OtherNumberContextBefore(text, start);
        }

        if (NorthAmerican().IsMatch(candidate) || (digits == 11 && UnitedKingdom().IsMatch(candidate)))
        {
            return true;
        }

        return digits is >= 9 and <= 12 && PhoneContextBefore(text, start);
    }

    /// <summary>True when a phone word precedes the number closely and no order word sits between them.</summary>
    private static bool PhoneContextBefore(string text, int start)
    {
        var (phone, other) = ContextBefore(text, start);
        return phone >= 0 && phone > other;
    }

    private static bool OtherNumberContextBefore(string text, int start)
    {
        var (phone, other) = ContextBefore(text, start);
        return other > phone;
    }

    /// <summary>Where the last phone word and the last order word start in the window before the number (-1: none).</summary>
    private static (int Phone, int Other) ContextBefore(string text, int start)
    {
        var window = text[Math.Max(0, start - ContextWindow)..start];
        return (LastIndex(PhoneWords(), window), LastIndex(OtherNumberWords(), window));
    }

    private static int LastIndex(Regex regex, string window)
    {
        var last = -1;
        foreach (Match m in regex.Matches(window))
        {
            last = m.Index;
        }

        return last;
    }

    [GeneratedRegex(@"(?:\+|\b00)?\(?\d[\d \-.()]{0,40}\d", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex Candidate();

    [GeneratedRegex(@"^(?:\+?1[ \-.]?)?(?:\(\d{3}\) ?|\d{3}[ \-.])\d{3}[ \-.]\d{4}$", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex NorthAmerican();

    [GeneratedRegex(@"^\(?0\d{2,4}\)?[ \-]?\d{3,4}[ \-]?\d{3,4}$", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex UnitedKingdom();

    [GeneratedRegex(@"\b(?:[Pp]hone|PHONE|[Cc]all|[Rr]ing|[Tt]ext|[Tt]el|TEL|[Mm]obile|[Cc]ell|[Mm]y number|[Nn]ew number|[Ww]hats[Aa]pp|[Rr]each|[Ff]ax|[Cc]ontact|[Ll]andline)", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex PhoneWords();

    [GeneratedRegex(@"\b(?:[Oo]rder|ORDER|[Tt]racking|[Ii]nvoice|[Rr]ef|[Rr]eference|[Tt]icket|SKU|[Ss]ku|[Ss]erial|[Aa]ccount|[Ii]ban|IBAN|[Cc]ard|[Cc]ase|[Pp]arcel|[Pp]ackage|[Ll]oyalty|[Mm]odel|[Ii]tem|[Cc]ode)", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex OtherNumberWords();
}
