namespace Platform.Contracts.Conversations;

/// <summary>Role names as they appear on the wire.</summary>
public static class MessageRoles
{
    public const string Visitor = "visitor";
    public const string Bot = "bot";
    public const string Agent = "agent";
    public const string System = "system";

    /// <summary>An agent's internal note; the visitor never receives one.</summary>
    public const string Note = "note";
}
