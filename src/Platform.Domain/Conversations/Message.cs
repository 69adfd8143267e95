namespace Platform.Domain.Conversations;

/// <summary>One turn in a conversation, numbered by a per-conversation sequence.</summary>
public sealed class Message
{
    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    public Conversation? Conversation { get; set; }

    /// <summary>Per-conversation order, 1-based, without gaps for a single writer.</summary>
    public long Seq { get; set; }

    public MessageRole Role { get; set; }

    public required string Text { get; set; }

    /// <summary>The id the sending client chose, so a retried send is stored once.</summary>
    public string? ClientMessageId { get; set; }

    /// <summary>For a bot reply: the visitor message it answers.</summary>
    public Guid? InReplyToId { get; set; }

    public List<Citation> Citations { get; set; } = [];

    /// <summary>What produced a bot reply: the model's id, or "extractive".</summary>
    public string? Model { get; set; }

    public string? ModelVersion { get; set; }

    public ReplySource? Source { get; set; }

    /// <summary>Retrieval confidence in [0, 1] for bot replies.</summary>
    public double? Confidence { get; set; }

    public int? LatencyMs { get; set; }

    public int? PromptTokens { get; set; }

    public int? CompletionTokens { get; set; }

    public DateTime CreatedAt { get; set; }
}
