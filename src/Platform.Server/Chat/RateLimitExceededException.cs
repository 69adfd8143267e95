namespace Platform.Server.Chat;

internal sealed class RateLimitExceededException()
    : Exception("Too many messages: wait a moment before sending more.");
