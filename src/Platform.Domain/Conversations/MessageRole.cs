namespace Platform.Domain.Conversations;

public enum MessageRole
{
    Visitor = 0,
    Bot = 1,
    Agent = 2,
    System = 3,

    /// <summary>An agent's internal note: in the agents' transcript only, never shown to the visitor.</summary>
    Note = 4,
}
