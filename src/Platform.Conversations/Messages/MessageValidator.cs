namespace Platform.Conversations.Messages;

/// <summary>The rules every incoming message meets before anything is stored.</summary>
public static class MessageValidator
{
    public const int MaxClientMessageIdLength = 64;

    /// <summary>Returns the text as it will be stored (trimmed), or throws <see cref="InvalidMessageException"/>.</summary>
    public static string Validate(string? text, string? clientMessageId, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidMessageException("The message text is empty.");
        }

        var trimmed = text.Trim();
        if (trimmed.Length > maxLength)
        {
            throw new InvalidMessageException($"The message is {trimmed.Length} characters long; the limit is {maxLength}.");
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw new InvalidMessageException("The message contains control characters.");
        }

        if (clientMessageId is not null)
        {
            if (clientMessageId.Length is 0 or > MaxClientMessageIdLength)
            {
                throw new InvalidMessageException($"clientMessageId must be 1 to {MaxClientMessageIdLength} characters.");
            }

            if (clientMessageId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                throw new InvalidMessageException("clientMessageId must not contain spaces or control characters.");
            }
        }

        return trimmed;
    }
}
