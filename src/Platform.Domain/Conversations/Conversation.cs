namespace Platform.Domain.Conversations;

/// <summary>One chat between a visitor and the platform, owned by the bot, the queue, an agent, or closed.</summary>
public sealed class Conversation
{
    public Guid Id { get; set; }

    /// <summary>The anonymous visitor identity the visitor token carries; only that visitor may read or write.</summary>
    public required string VisitorId { get; set; }

    public Guid? KnowledgeBaseId { get; set; }

    public ConversationState State { get; set; } = ConversationState.Bot;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The highest sequence number handed out; the next message gets one more.</summary>
    public long LastSeq { get; set; }

    public List<Message> Messages { get; set; } = [];

    public bool IsOwnedBy(string visitorId) => string.Equals(VisitorId, visitorId, StringComparison.Ordinal);
}
