using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// International bank account numbers: a country code, two check digits and the national part, compact or in groups
/// separated by single spaces, with the length of that country's IBAN and a valid ISO 7064 mod-97 checksum.
/// </summary>
internal sealed partial class IbanRecognizer : IPiiRecognizer
{
    /// <summary>IBAN lengths by country (the SWIFT registry); a country not listed is not recognised.</summary>
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BR"] = 29, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20,
        ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18,
        ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30,
        ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24,
        ["ME"] = 22, ["MK"] = 19, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28,
        ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24,
        ["SM"] = 27, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public PiiType Type => PiiType.Iban;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            if (RecognizerRegex.IsAlphanumericAt(text, match.Index - 1))
            {
                continue;
            }

            var value = match.Value;
            var country = value[..2].ToUpperInvariant();
            if (!Lengths.TryGetValue(country, out var length))
            {
                continue;
            }

            // Walk the candidate until it holds the country's number of characters; the match may run on into the next word.
            var compact = new System.Text.StringBuilder(length);
            var end = 0;
            while (end < match.Length && compact.Length < length)
            {
                var c = value[end++];
                if (c != ' ')
                {
                    compact.Append(char.ToUpperInvariant(c));
                }
            }

            if (compact.Length == length && !RecognizerRegex.IsAlphanumericAt(text, match.Index + end) && IsValidChecksum(compact.ToString()))
            {
                yield return new PiiSpan(PiiType.Iban, match.Index, end, value[..end]);
            }
        }
    }

    /// <summary>ISO 7064 mod 97-10 over the number with its first four characters moved to the end (letters as 10-35).</summary>
    internal static bool IsValidChecksum(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        if (iban.Length < 5)
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    [GeneratedRegex(@"[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex Candidate();
}
