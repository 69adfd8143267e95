namespace Platform.Privacy;

/// <summary>The kinds of personal data the redactor finds, each replaced by its own placeholder.</summary>
public enum PiiType
{
    Email,
    Phone,
    CardNumber,
    Iban,
    StreetAddress,
    PersonName,
}

public static class PiiPlaceholders
{
    /// <summary>The typed placeholder that replaces a found span: <c>[EMAIL]</c>, <c>[PHONE]</c>, <c>[CARD]</c>, <c>[IBAN]</c>, <c>[ADDRESS]</c>, <c>[NAME]</c>.</summary>
    public static string For(PiiType type) => type switch
    {
        PiiType.Email => "[EMAIL]",
        PiiType.Phone => "[PHONE]",
        PiiType.CardNumber => "[CARD]",
        PiiType.Iban => "[IBAN]",
        PiiType.StreetAddress => "[ADDRESS]",
        PiiType.PersonName => "[NAME]",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

/// <summary>A span of the original text that holds personal data.</summary>
public sealed record PiiSpan(PiiType Type, int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>The text with every span replaced by its placeholder, and the spans found (offsets into the original).</summary>
public sealed record RedactionResult(string Text, IReadOnlyList<PiiSpan> Spans);
