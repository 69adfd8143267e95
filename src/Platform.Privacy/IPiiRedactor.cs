namespace Platform.Privacy;

/// <summary>Finds personal data in text and replaces it with typed placeholders.</summary>
public interface IPiiRedactor
{
    RedactionResult Redact(string text);

    /// <summary>Only the redacted text.</summary>
    string RedactText(string text) => Redact(text).Text;
}
