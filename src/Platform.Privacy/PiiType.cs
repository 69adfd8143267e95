namespace Platform.Privacy;

/// <summary>The kinds of personal data the redactor recognises; each has one placeholder (<see cref="PiiPlaceholders"/>).</summary>
public enum PiiType
{
    Email,
    Phone,
    CardNumber,
    Iban,
    StreetAddress,
    PersonName,
}
