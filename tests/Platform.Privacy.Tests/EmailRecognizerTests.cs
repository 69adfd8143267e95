using static Platform.Privacy.Tests.RedactionAssert;

namespace Platform.Privacy.Tests;

public sealed class EmailRecognizerTests
{
    [Theory]
    [InlineData("mail me at jane.doe@example.com please", "jane.doe@example.com")]
    [InlineData("JANE_DOE+orders@Mail.Example.co.uk.", "JANE_DOE+orders@Mail.Example.co.uk")]
    [InlineData("(a.b-c@uni-heidelberg.de)", "a.b-c@uni-heidelberg.de")]
    public void Redact_Email_FindsWholeAddress(string text, string expected) => Finds(PiiType.Email, text, expected);

    [Theory]
    [InlineData("the @ sign on my keyboard is broken")]
    [InlineData("follow us @acmeoutdoors for deals")]
    [InlineData("price was 3@5.99 each")]
    public void Redact_NotAnEmail_LeavesText(string text) => FindsNothing(text);

    [Fact]
    public void Redact_Email_UsesEmailPlaceholder() =>
        Assert.Equal("write to [EMAIL] today", Redactor.RedactText("write to jane@example.com today"));
}
