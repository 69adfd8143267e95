using static Platform.Privacy.Tests.RedactionAssert;

namespace Platform.Privacy.Tests;

public sealed class StreetAddressRecognizerTests
{
    [Theory]
    [InlineData("ship to 221B Baker Street please", "221B Baker Street")]
    [InlineData("I live at 12 High St, Leeds LS1 4DY now", "12 High St, Leeds LS1 4DY")]
    [InlineData("350 Fifth Ave, Apt 4B, Brooklyn, NY 11201", "350 Fifth Ave, Apt 4B, Brooklyn, NY 11201")]
    [InlineData("deliver to 1600 Pennsylvania Avenue, Washington, DC 20500.", "1600 Pennsylvania Avenue, Washington, DC 20500")]
    [InlineData("45 Old Farm Rd. Unit 3 is the back door", "45 Old Farm Rd. Unit 3")]
    [InlineData("8 Martin Luther King Jr Blvd, Suite 200, Austin, TX 78701-1234", "8 Martin Luther King Jr Blvd, Suite 200, Austin, TX 78701-1234")]
    [InlineData("Flat 2, 9 Queen's Crescent, SW1A 1AA", "9 Queen's Crescent, SW1A 1AA")]
    public void Redact_Address_IsFound(string text, string expected) => Finds(PiiType.StreetAddress, text, expected);

    [Theory]
    [InlineData("I bought 2 tents along the way")]
    [InlineData("3 x Summit 2 Tent")]
    [InlineData("the 2 Trail Runner shoes")]
    [InlineData("Do you deliver to 90210?")]
    [InlineData("Victoria Sofa in grey, 2 pieces")]
    public void Redact_NotAnAddress_IsKept(string text) => FindsNo(PiiType.StreetAddress, text);
}
