using System.Numerics;
using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>IBANs: a country code, two check digits and the account, with or without spaces, valid under ISO 13616 mod-97.</summary>
internal sealed class IbanRecognizer(TimeSpan timeout) : IPiiRecognizer
{
    // Lengths of common countries' IBANs: with them the recognizer stops exactly where the IBAN does, even when a
    // word follows it without punctuation.
    private static readonly Dictionary<string, int> Lengths = new(StringComparer.Ordinal)
    {
        ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["EE"] = 20, ["ES"] = 24,
        ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LT"] = 20,
        ["LU"] = 20, ["LV"] = 21, ["MT"] = 31, ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19,
        ["SK"] = 24,
    };

    private readonly Regex _pattern = Patterns.Create(@"[A-Za-z]{2}\d{2}( ?[A-Za-z0-9]){11,30}", timeout);

    public PiiType Type => PiiType.Iban;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in _pattern.Matches(text))
        {
            if (Patterns.IsWordCharAt(text, match.Index - 1))
            {
                continue;
            }

            if (Longest(match.Value) is { } length)
            {
                yield return new PiiSpan(PiiType.Iban, match.Index, length);
            }
        }
    }

    /// <summary>The length (in characters of the match) of the longest valid IBAN the match starts with, if any.</summary>
    private static int? Longest(string candidate)
    {
        var country = candidate[..2].ToUpperInvariant();
        var characters = new List<(char Character, int End)>();
        for (var i = 0; i < candidate.Length; i++)
        {
            if (candidate[i] != ' ')
            {
                characters.Add((char.ToUpperInvariant(candidate[i]), i + 1));
            }
        }

        var lengths = Lengths.TryGetValue(country, out var known) ? [known] : Enumerable.Range(15, 20).Reverse();
        foreach (var length in lengths)
        {
            if (length > characters.Count)
            {
                continue;
            }

            var end = characters[length - 1].End;
            var followedByWord = end < candidate.Length && candidate[end] != ' ';
            if (!followedByWord && IsValid(new string([.. characters.Take(length).Select(c => c.Character)])))
            {
                return end;
            }
        }

        return null;
    }

    public static bool IsValid(string iban)
    {
        var rearranged = iban[4..] + iban[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }
}
