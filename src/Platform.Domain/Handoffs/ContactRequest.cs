namespace Platform.Domain.Handoffs;

/// <summary>A visitor's email address, left when no agent was online, for the team to answer later (a ticket).</summary>
public sealed class ContactRequest
{
    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    public required string Email { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Set when an agent has dealt with it.</summary>
    public DateTime? ClosedAt { get; set; }
}
