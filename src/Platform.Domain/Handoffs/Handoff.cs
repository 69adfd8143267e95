namespace Platform.Domain.Handoffs;

/// <summary>A request that a person takes over a conversation, with why it was made.</summary>
public sealed class Handoff
{
    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    public HandoffReason Reason { get; set; }

    public string? Detail { get; set; }

    public HandoffStatus Status { get; set; }

    public string? AgentId { get; set; }

    public DateTime RequestedAt { get; set; }

    public DateTime? AcceptedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }
}
