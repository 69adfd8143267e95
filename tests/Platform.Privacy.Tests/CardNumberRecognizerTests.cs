using Platform.Privacy.Recognizers;
using static Platform.Privacy.Tests.RedactionAssert;

namespace Platform.Privacy.Tests;

public sealed class CardNumberRecognizerTests
{
    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("378282246310005", true)]
    [InlineData("378282246310006", false)]
    [InlineData("79927398713", true)]
    public void Luhn_KnownNumbers(string number, bool valid) => Assert.Equal(valid, Luhn.IsValid(number));

    [Theory]
    [InlineData("charged on 4111 1111 1111 1111 twice", "4111 1111 1111 1111")]
    [InlineData("card 5555-5555-5555-4444 declined", "5555-5555-5555-4444")]
    [InlineData("amex 3782 822463 10005 please", "3782 822463 10005")]
    [InlineData("number 4012888888881881, exp 09/27", "4012888888881881")]
    [InlineData("4111 1111 1111 1111 123 is the cvv", "4111 1111 1111 1111")]
    [InlineData("19 digits 6011000990139424009 hmm", "6011000990139424009")]
    public void Redact_LuhnValidCard_IsFound(string text, string expected) => Finds(PiiType.CardNumber, text, expected);

    [Theory]
    [InlineData("gift card 4111 1111 1111 1112 does not work")]
    [InlineData("order 1234567812345678 is late")]
    [InlineData("tracking 9400 1000 0000 0000 0000 00 stuck")]
    [InlineData("tracking 9400111899223100001234 stuck")]
    [InlineData("ref JD014600006281230123 from the courier")]
    public void Redact_NotACard_IsKept(string text) => FindsNo(PiiType.CardNumber, text);

    [Fact]
    public void Redact_CardsListedBackToBack_AreEachFound()
    {
        var result = Redactor.Redact("old 4111 1111 1111 1111 5555 5555 5555 4444 new");

        Assert.Equal("old [CARD] [CARD] new", result.Text);
    }

    [Fact]
    public void Redact_Card_UsesCardPlaceholder() =>
        Assert.Equal("card [CARD] declined", Redactor.RedactText("card 4111-1111-1111-1111 declined"));
}
