using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Street addresses written the English way: a house number, one to four capitalised words and a street suffix
/// (Street, St, Avenue, Road, Lane, Drive, Blvd, Way, Court, ...), then optionally a unit (Apt 4B, Unit 3, Suite 200,
/// Flat 2) and a town with a US state and ZIP code or a UK postcode. Without the suffix nothing is taken, so "2 Summit
/// Tents" or "3 x Trail Runner" stay.
/// </summary>
internal sealed partial class StreetAddressRecognizer : IPiiRecognizer
{
    public PiiType Type => PiiType.StreetAddress;

    public IEnumerable<PiiSpan> Find(string text) => RecognizerRegex.SpansAtWordStart(Pattern(), text, PiiType.StreetAddress);

    private const string Word = @"\p{Lu}[\p{L}'.\-]*";

    private const string Suffix =
        "Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Ter|Close|Crescent|Cres|"
        + "Parkway|Pkwy|Highway|Hwy|Square|Sq|Circle|Cir|Trail|Trl|Row|Mews|Gardens|Gdns|Grove|Hill|Walk|Alley|Plaza|Strasse|Straße";

    private const string Unit = @"(?:,? (?:Apt|Apartment|Unit|Suite|Ste|Flat|Floor|Fl|Room|#)\.? ?#?[A-Za-z0-9\-]{1,6})";

    private const string UsTail = @"(?:, " + Word + "(?: " + Word + @"){0,2},? [A-Z]{2}(?: \d{5}(?:-\d{4})?)?)";

    private const string UkTail = @"(?:,(?: " + Word + "(?: " + Word + @"){0,2})? [A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})";

    [GeneratedRegex(@"\b\d{1,5}[A-Za-z]? (?:" + Word + " ){1,4}(?:" + Suffix + @")\b\.?" + Unit + "?(?:" + UkTail + "|" + UsTail + ")?", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex Pattern();
}
