using Platform.Privacy.Recognizers;
using static Platform.Privacy.Tests.RedactionAssert;

namespace Platform.Privacy.Tests;

public sealed class IbanRecognizerTests
{
    [Theory]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("DE89370400440532013001", false)]
    [InlineData("GB82WEST12345698765433", false)]
    public void Checksum_Mod97(string iban, bool valid) => Assert.Equal(valid, IbanRecognizer.IsValidChecksum(iban));

    [Theory]
    [InlineData("IBAN: DE89 3704 0044 0532 0130 00 thanks", "DE89 3704 0044 0532 0130 00")]
    [InlineData("refund to GB82WEST12345698765432.", "GB82WEST12345698765432")]
    [InlineData("my iban is nl91 abna 0417 1643 00 ok", "nl91 abna 0417 1643 00")]
    [InlineData("BE68539007547034", "BE68539007547034")]
    public void Redact_ValidIban_IsFound(string text, string expected) => Finds(PiiType.Iban, text, expected);

    [Theory]
    [InlineData("IBAN DE89 3704 0044 0532 0130 01 bounced")]
    [InlineData("model DE12 3456 7890 1234 5678 90")]
    [InlineData("code XX89370400440532013000")]
    public void Redact_BadChecksumOrCountry_IsKept(string text) => FindsNo(PiiType.Iban, text);
}
