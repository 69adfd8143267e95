using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Platform.Privacy.Recognizers;

namespace Platform.Privacy;

/// <summary>
/// Runs every recognizer over the text, keeps one span where several overlap (the more specific kind, then the
/// longer span: an email wins over a name inside it, a card number over a phone number), and replaces each span
/// with its placeholder. If a recognizer runs out of time the whole text is withheld rather than let through.
/// </summary>
public sealed class PiiRedactor : IPiiRedactor
{
    /// <summary>What a text becomes when it could not be checked in time.</summary>
    public const string Withheld = "[REDACTED]";

    // Earlier kinds win overlaps: they are checked by structure (a checksum, an @), later ones by cues.
    private static readonly PiiType[] Priority = [PiiType.Email, PiiType.CardNumber, PiiType.Iban, PiiType.Phone, PiiType.StreetAddress, PiiType.PersonName];

    private readonly IReadOnlyList<IPiiRecognizer> _recognizers;

    public PiiRedactor(IOptions<PrivacyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var timeout = TimeSpan.FromMilliseconds(settings.MatchTimeoutMilliseconds);
        IPiiRecognizer[] all =
        [
            new EmailRecognizer(timeout), new CardNumberRecognizer(timeout), new IbanRecognizer(timeout), new PhoneRecognizer(timeout),
            new StreetAddressRecognizer(timeout), new PersonNameRecognizer(timeout),
        ];
        _recognizers = [.. all.Where(r => settings.Redact.Contains(r.Type))];
    }

    public RedactionResult Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<PiiSpan> candidates;
        try
        {
            candidates = [.. _recognizers.SelectMany(r => r.Find(text))];
        }
        catch (RegexMatchTimeoutException)
        {
            return new RedactionResult(Withheld, []);
        }

        var kept = new List<PiiSpan>();
        foreach (var span in candidates.OrderBy(s => Array.IndexOf(Priority, s.Type)).ThenByDescending(s => s.Length).ThenBy(s => s.Start))
        {
            if (span.Length > 0 && !kept.Any(k => k.Start < span.End && span.Start < k.End))
            {
                kept.Add(span);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        if (kept.Count == 0)
        {
            return new RedactionResult(text, kept);
        }

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
}
