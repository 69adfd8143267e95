using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Phone numbers: international (<c>+44 20 7946 0958</c>), North American (<c>(415) 555-0133</c>, <c>415.555.0133</c>),
/// and national numbers with a trunk zero (<c>020 7946 0958</c>, <c>06 12 34 56 78</c>). A bare run of digits counts only
/// after a word like "call" or "phone"; after "order", "tracking" or "#" it never does, and dates and times never do.
/// </summary>
internal sealed class PhoneRecognizer(TimeSpan timeout) : IPiiRecognizer
{
    private static readonly string[] Cues = ["call", "phone", "tel", "mobile", "cell", "number", "reach me", "text me", "whatsapp", "ring", "contact"];

    private static readonly string[] NotPhones = ["order", "tracking", "invoice", "sku", "item", "ref", "reference", "account", "model", "serial", "#", "no.", "po ", "zip", "postcode", "code", "confirmation", "ticket", "case"];

    private readonly Regex _candidate = Patterns.Create(@"\+?\(?\d[\d ().\-]{5,22}\d", timeout);
    private readonly Regex _date = Patterns.Create(@"^\d{1,4}[\-./]\d{1,2}[\-./]\d{1,4}$", timeout);

    public PiiType Type => PiiType.Phone;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in _candidate.Matches(text))
        {
            var value = match.Value.TrimEnd(')', '(', ' ', '.', '-');
            var start = match.Index;
            if (value.StartsWith('(') && !value.Contains(')', StringComparison.Ordinal))
            {
                value = value[1..];
                start++;
            }

            if (Patterns.IsWordCharAt(text, start - 1) || Patterns.IsDigitAt(text, start + value.Length) || value.Contains("  ", StringComparison.Ordinal))
            {
                continue;
            }

            if (IsPhone(text, start, value))
            {
                yield return new PiiSpan(PiiType.Phone, start, value.Length);
            }
        }
    }

    private bool IsPhone(string text, int start, string value)
    {
        var digits = value.Count(char.IsAsciiDigit);
        if (digits is < 7 or > 15 || _date.IsMatch(value) || value.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        var before = Patterns.Before(text, start, 24);
        if (NotPhones.Any(word => before.EndsWith(word, StringComparison.Ordinal) || before.TrimEnd(' ', ':', '#').EndsWith(word, StringComparison.Ordinal)))
        {
            return false;
        }

        var separated = value.Any(c => c is ' ' or '-' or '.' or '(');
        var international = value.StartsWith('+') && digits >= 8;
        var northAmerican = digits is 10 or 11 && separated && (value.Contains('(', StringComparison.Ordinal) || GroupsOf(value) is [3, 3, 4] or [1, 3, 3, 4]);
        var trunkZero = value.StartsWith('0') && digits is >= 9 and <= 11 && separated;
        var cued = Cues.Any(cue => before.Contains(cue, StringComparison.Ordinal)) && digits >= 7;
        return international || northAmerican || trunkZero || cued;
    }

    private static int[] GroupsOf(string value) =>
        [.. value.Split([' ', '-', '.', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Select(group => group.Length)];
}
