using System.Text;
using System.Text.RegularExpressions;
using Platform.Privacy.Names;
using Platform.Privacy.Recognizers;

namespace Platform.Privacy;

/// <summary>
/// Runs every enabled recognizer, keeps a set of non-overlapping spans and replaces each with its placeholder.
/// Overlaps are resolved deterministically: the longer span wins; between equally long spans the more specific type
/// (one with a checksum or fixed syntax: email, IBAN, card, then phone, address, name); then the earlier one. Spans that
/// touch an existing placeholder are dropped, so redacted text is never redacted again.
/// </summary>
public sealed partial class PiiRedactor : IPiiRedactor
{
    private readonly IReadOnlyList<IPiiRecognizer> recognizers;

    public PiiRedactor(PrivacyOptions? options = null)
    {
        options ??= new PrivacyOptions();
        IPiiRecognizer[] all =
        [
            new EmailRecognizer(),
            new IbanRecognizer(),
            new CardNumberRecognizer(),
            new PhoneRecognizer(),
            new StreetAddressRecognizer(),
            new PersonNameRecognizer(FirstNameGazetteer.Load()),
        ];
        recognizers = [.. all.Where(r => options.Redacts(r.Type))];
    }

    public RedactionResult Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return new RedactionResult(text, []);
        }

        // Each character is taken at most once; placeholders are taken before any recognizer runs.
        var taken = new bool[text.Length];
        foreach (Match m in Placeholder().Matches(text))
        {
            taken.AsSpan(m.Index, m.Length).Fill(true);
        }

        var candidates = recognizers
            .SelectMany(r => r.Find(text))
            .Where(s => s.Length > 0)
            .OrderByDescending(s => s.Length)
            .ThenBy(s => Specificity(s.Type))
            .ThenBy(s => s.Start);
        var kept = new List<PiiSpan>();
        foreach (var candidate in candidates)
        {
            var range = taken.AsSpan(candidate.Start, candidate.Length);
            if (!range.Contains(true))
            {
                range.Fill(true);
                kept.Add(candidate);
            }
        }

        if (kept.Count == 0)
        {
            return new RedactionResult(text, []);
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        var redacted = new StringBuilder(text.Length);
        var position = 0;
        foreach (var span in kept)
        {
            redacted.Append(text, position, span.Start - position).Append(PiiPlaceholders.For(span.Type));
            position = span.End;
        }

        redacted.Append(text, position, text.Length - position);
        return new RedactionResult(redacted.ToString(), kept);
    }

    public string RedactText(string text) => Redact(text).Text;

    private static int Specificity(PiiType type) => type switch
    {
        PiiType.Email => 0,
        PiiType.Iban => 1,
        PiiType.CardNumber => 2,
        PiiType.Phone => 3,
        PiiType.StreetAddress => 4,
        _ => 5,
    };

    [GeneratedRegex(@"\[(?:EMAIL|PHONE|CARD|IBAN|ADDRESS|NAME)\]", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex Placeholder();
}
