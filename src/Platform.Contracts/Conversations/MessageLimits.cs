namespace Platform.Contracts.Conversations;

/// <summary>Limits both sides check, so a client can refuse early with the same rule the server enforces.</summary>
public static class MessageLimits
{
    public const int MaxTextLength = 4000;

    public const int MaxClientMessageIdLength = 64;
}
