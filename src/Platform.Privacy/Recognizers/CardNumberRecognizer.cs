using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Payment card numbers: 13 to 19 digits, grouped by single spaces or dashes or not at all, that pass the Luhn check. A
/// run of digit groups a little longer than a card (a tracking number) is not cut down to one, except that up to four
/// trailing digits (a CVV or a stray count typed after the number) may be dropped. A much longer run (card numbers
/// listed one after another) is searched for card-shaped windows: groups of four, or Amex's 4-6-5.
/// </summary>
internal sealed partial class CardNumberRecognizer : IPiiRecognizer
{
    private const int MaxTrailingDigitsDropped = 4;

    public PiiType Type => PiiType.CardNumber;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in DigitGroups().Matches(text))
        {
            if (RecognizerRegex.IsAlphanumericAt(text, match.Index - 1) || RecognizerRegex.IsAlphanumericAt(text, match.Index + match.Length))
            {
                continue;
            }

            if (match.Value.Count(char.IsAsciiDigit) <= 19 + MaxTrailingDigitsDropped)
            {
                if (Longest(match.Value) is { } length)
                {
                    yield return new PiiSpan(PiiType.CardNumber, match.Index, length, match.Value[..length]);
                }

                continue;
            }

            foreach (var span in CardShapedWindows(match))
            {
                yield return span;
            }
        }
    }

    private static IEnumerable<PiiSpan> CardShapedWindows(Match match)
    {
        var run = match.Value;
        var groups = new List<(int Start, int Length)>();
        var start = 0;
        for (var i = 0; i <= run.Length; i++)
        {
            if (i == run.Length || !char.IsAsciiDigit(run[i]))
            {
                groups.Add((start, i - start));
                start = i + 1;
            }
        }

        for (var first = 0; first < groups.Count; first++)
        {
            var digits = 0;
            for (var last = first; last < groups.Count && digits <= 19; last++)
            {
                digits += groups[last].Length;
                var startsAt = groups[first].Start;
                var length = groups[last].Start + groups[last].Length - startsAt;
                if (digits is >= 13 and <= 19 && IsCardShaped(groups, first, last) && Luhn.IsValid(run.AsSpan(startsAt, length)))
                {
                    yield return new PiiSpan(PiiType.CardNumber, match.Index + startsAt, length, run.Substring(startsAt, length));
                    first = last;
                    break;
                }
            }
        }
    }

    private static bool IsCardShaped(List<(int Start, int Length)> groups, int first, int last)
    {
        if (last - first == 2 && groups[first].Length == 4 && groups[first + 1].Length == 6 && groups[last].Length == 5)
        {
            return true;
        }

        for (var i = first; i < last; i++)
        {
            if (groups[i].Length != 4)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The length of the longest prefix of whole groups that is a card number, or null.</summary>
    private static int? Longest(string run)
    {
        var digits = 0;
        foreach (var c in run)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        var end = run.Length;
        var dropped = 0;
        while (true)
        {
            var candidate = run[..end];
            var count = digits - dropped;
            if (count is >= 13 and <= 19 && Luhn.IsValid(candidate))
            {
                return end;
            }

            var separator = candidate.LastIndexOfAny([' ', '-']);
            if (separator < 0)
            {
                return null;
            }

            dropped += end - separator - 1;
            end = separator;
            if (dropped > MaxTrailingDigitsDropped)
            {
                return null;
            }
        }
    }

    [GeneratedRegex(@"\d+(?:[ \-]\d+)*", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex DigitGroups();
}
