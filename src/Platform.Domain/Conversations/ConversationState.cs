namespace Platform.Domain.Conversations;

public enum ConversationState
{
    Bot = 0,
    Queued = 1,
    Agent = 2,
    Closed = 3,
}
