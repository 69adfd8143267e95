using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Street addresses: a house number, up to four street-name words and a street type (<c>12 Oak Street</c>,
/// <c>742 evergreen terrace</c>), then, when present, the unit, city, state and ZIP or a UK postcode. Everyday phrases
/// that happen to end in "way" or "road" ("2 tents on the way") are refused by their small words.
/// </summary>
internal sealed class StreetAddressRecognizer(TimeSpan timeout) : IPiiRecognizer
{
    private const string StreetTypes =
        "street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|crescent|close|grove|trail|trl|alley|row|mews|walk|gardens";

    private static readonly HashSet<string> SmallWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "on", "in", "at", "of", "for", "to", "and", "or", "my", "your", "our", "with", "from", "by", "is", "was", "it", "this",
        "that", "more", "days", "weeks", "hours", "minutes", "times", "items", "pairs", "tents", "boots", "orders", "years", "months", "per",
    };

    private readonly Regex _street = Patterns.Create(
        $@"\b\d{{1,6}}[A-Za-z]?\s+([A-Za-z][A-Za-z'.\-]*\s+){{1,4}}({StreetTypes})\b\.?", timeout, ignoreCase: true);

    private readonly Regex _tail = Patterns.Create(
        @"^(,?\s*(apt|apartment|suite|ste|unit|flat|#)\.?\s*[A-Za-z0-9\-]+)?(,\s*[A-Za-z][A-Za-z .']{1,30}?)?(,?\s*([A-Z]{2}\s+\d{5}(-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}))?",
        timeout);

    public PiiType Type => PiiType.StreetAddress;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in _street.Matches(text))
        {
            var words = match.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1];
            if (words.Any(SmallWords.Contains))
            {
                continue;
            }

            var end = match.Index + match.Length;
            var tail = _tail.Match(text[end..Math.Min(text.Length, end + 80)]);

            // A city only counts when a state and ZIP or a postcode close it; otherwise ", thanks" would join the address.
            var length = match.Length + (tail.Success && (tail.Groups[4].Success || !tail.Groups[3].Success) ? tail.Length : UnitOnly(tail));
            yield return new PiiSpan(PiiType.StreetAddress, match.Index, length);
        }
    }

    private static int UnitOnly(Match tail) => tail.Success && tail.Groups[1].Success ? tail.Groups[1].Length : 0;
}
