namespace Platform.Privacy;

/// <summary>
/// The text that stands in for each type: <c>[EMAIL]</c>, <c>[PHONE]</c>, <c>[CARD]</c>, <c>[IBAN]</c>, <c>[ADDRESS]</c>,
/// <c>[NAME]</c>. Stable: training data and analytics rely on them.
/// </summary>
public static class PiiPlaceholders
{
    public const string Email = "[EMAIL]";
    public const string Phone = "[PHONE]";
    public const string CardNumber = "[CARD]";
    public const string Iban = "[IBAN]";
    public const string StreetAddress = "[ADDRESS]";
    public const string PersonName = "[NAME]";

    public static IReadOnlyList<string> All { get; } = [Email, Phone, CardNumber, Iban, StreetAddress, PersonName];

    public static string For(PiiType type) => type switch
    {
        PiiType.Email => Email,
        PiiType.Phone => Phone,
        PiiType.CardNumber => CardNumber,
        PiiType.Iban => Iban,
        PiiType.StreetAddress => StreetAddress,
        PiiType.PersonName => PersonName,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no placeholder for this type"),
    };
}
