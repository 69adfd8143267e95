using static Platform.Privacy.Tests.RedactionAssert;

namespace Platform.Privacy.Tests;

public sealed class PhoneRecognizerTests
{
    [Theory]
    [InlineData("call (415) 555-0132 tomorrow", "(415) 555-0132")]
    [InlineData("my cell is 415-555-0132.", "415-555-0132")]
    [InlineData("415.555.0132", "415.555.0132")]
    [InlineData("ring +1 (415) 555-0132", "+1 (415) 555-0132")]
    [InlineData("UK office +44 20 7946 0958 any time", "+44 20 7946 0958")]
    [InlineData("mobile 07700 900123", "07700 900123")]
    [InlineData("020 7946 0958", "020 7946 0958")]
    [InlineData("Paris: +33 6 12 34 56 78", "+33 6 12 34 56 78")]
    [InlineData("+49 30 12345678", "+49 30 12345678")]
    [InlineData("whatsapp 0049 151 2345 6789", "0049 151 2345 6789")]
    [InlineData("call me on 612 345 678 after six", "612 345 678")]
    public void Redact_Phone_IsFound(string text, string expected) => Finds(PiiType.Phone, text, expected);

    [Theory]
    [InlineData("order 4581-2290 is late")]
    [InlineData("order number 123456789 please")]
    [InlineData("It arrived on 2024-03-14 at 10:30")]
    [InlineData("paid $1,249.99 on 03/14/2024")]
    [InlineData("do you deliver to 90210 or 90210-1234?")]
    [InlineData("SKU 123-456-78 out of stock")]
    [InlineData("tracking 123456789012 says delivered")]
    [InlineData("serial SN 1234 5678")]
    [InlineData("loyalty number 0051 0931 4761 3534")]
    [InlineData("order #1234-567-8901")]
    [InlineData("ORD-2024-88812")]
    public void Redact_OtherNumbers_AreNotPhones(string text) => FindsNo(PiiType.Phone, text);
}
