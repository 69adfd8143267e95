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

    /// <summary>The visitor's 1-5 satisfaction rating, asked for when a person closes the chat.</summary>
    public int? SatisfactionScore { get; set; }

    public string? SatisfactionComment { get; set; }

    public bool IsOwnedBy(string visitorId) => string.Equals(VisitorId, visitorId, StringComparison.Ordinal);

    /// <summary>
    /// Moves the conversation to <paramref name="next"/> if the ownership rules allow it: the bot hands off to the
    /// queue; an agent accepts from the queue; the agent returns it to the bot or closes it; a closed chat is reopened
    /// to the bot, never straight into the queue. Anything else throws, so no path loops a chat back to the queue.
    /// </summary>
    public void MoveTo(ConversationState next, DateTime now)
    {
        if (!CanMove(State, next))
        {
            throw new InvalidConversationTransitionException(Id, State, next);
        }

        State = next;
        UpdatedAt = now;
    }

    public static bool CanMove(ConversationState from, ConversationState to) => (from, to) switch
    {
        (ConversationState.Bot, ConversationState.Queued) => true,
        (ConversationState.Queued, ConversationState.Agent) => true,
        (ConversationState.Queued, ConversationState.Bot) => true,
        (ConversationState.Queued, ConversationState.Closed) => true,
        (ConversationState.Agent, ConversationState.Bot) => true,
        (ConversationState.Agent, ConversationState.Closed) => true,
        (ConversationState.Bot, ConversationState.Closed) => true,
        (ConversationState.Closed, ConversationState.Bot) => true,
        _ => false,
    };
}
