namespace Platform.Privacy;

/// <summary>
/// Replaces personal data in free text with typed placeholders (<see cref="PiiPlaceholders"/>). Thread-safe; redacting
/// text that was already redacted changes nothing.
/// </summary>
public interface IPiiRedactor
{
    RedactionResult Redact(string text);

    string RedactText(string text) => Redact(text).Text;
}
