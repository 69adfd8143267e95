using Platform.Conversations.Messages;

namespace Platform.Conversations.Tests;

public sealed class MessageValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Validate_EmptyText_IsRefused(string? text)
    {
        var error = Assert.Throws<InvalidMessageException>(() => MessageValidator.Validate(text, "c-1", 4000));
        Assert.Contains("empty", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_TextOverTheLimit_IsRefusedWithTheLimitInTheReason()
    {
        var error = Assert.Throws<InvalidMessageException>(() => MessageValidator.Validate(new string('a', 4001), "c-1", 4000));
        Assert.Contains("4000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TextAtTheLimit_IsAcceptedAndTrimmed()
    {
        var text = "  " + new string('a', 4000) + "  ";
        Assert.Equal(new string('a', 4000), MessageValidator.Validate(text, null, 4000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Validate_BadClientMessageId_IsRefused(string clientMessageId) =>
        Assert.Throws<InvalidMessageException>(() => MessageValidator.Validate("hello", clientMessageId, 4000));

    [Fact]
    public void Validate_ControlCharacters_AreRefused() =>
        Assert.Throws<InvalidMessageException>(() => MessageValidator.Validate("hi\0there", null, 4000));
}
