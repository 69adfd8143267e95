using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>13 to 19 digits, optionally grouped by spaces or dashes, that pass the Luhn check (so most order numbers do not).</summary>
internal sealed class CardNumberRecognizer(TimeSpan timeout) : IPiiRecognizer
{
    private readonly Regex _pattern = Patterns.Create(@"\d([ \-]?\d){12,18}", timeout);

    public PiiType Type => PiiType.CardNumber;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in _pattern.Matches(text))
        {
            if (Patterns.IsDigitAt(text, match.Index - 1) || Patterns.IsDigitAt(text, match.Index + match.Length))
            {
                continue;
            }

            var digits = match.Value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
            if (digits.Length is >= 13 and <= 19 && PassesLuhn(digits))
            {
                yield return new PiiSpan(PiiType.CardNumber, match.Index, match.Length);
            }
        }
    }

    public static bool PassesLuhn(IReadOnlyList<int> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Count; i++)
        {
            var digit = digits[digits.Count - 1 - i];
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
