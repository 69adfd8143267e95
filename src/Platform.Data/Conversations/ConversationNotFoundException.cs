namespace Platform.Data.Conversations;

public sealed class ConversationNotFoundException(Guid conversationId)
    : Exception($"Conversation {conversationId} does not exist.")
{
    public Guid ConversationId { get; } = conversationId;
}
