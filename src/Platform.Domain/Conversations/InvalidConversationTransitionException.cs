namespace Platform.Domain.Conversations;

/// <summary>A change of owner the rules do not allow (for example a closed chat sent straight to the queue).</summary>
public sealed class InvalidConversationTransitionException(Guid conversationId, ConversationState from, ConversationState to)
    : Exception($"Conversation {conversationId} cannot go from {from} to {to}.")
{
    public Guid ConversationId { get; } = conversationId;

    public ConversationState From { get; } = from;

    public ConversationState To { get; } = to;
}
