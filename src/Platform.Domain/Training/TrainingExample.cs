namespace Platform.Domain.Training;

/// <summary>Where a candidate training example came from.</summary>
public enum TrainingExampleKind
{
    /// <summary>An agent marked a bot reply wrong and wrote the right one: a preference pair as well as an example.</summary>
    Correction = 0,

    /// <summary>An agent's own reply after a hand-off, promoted as a model answer to the visitor's question.</summary>
    AgentReply = 1,
}

public enum TrainingExampleStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
}

/// <summary>
/// A candidate for fine-tuning: the visitor's question and the reply the model should have given (and, for a
/// correction, the reply it gave). Only approved examples leave the store as training data.
/// </summary>
public sealed class TrainingExample
{
    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>The bot reply corrected, or the agent reply promoted. One candidate per message and kind.</summary>
    public Guid MessageId { get; set; }

    public Guid? QuestionMessageId { get; set; }

    public TrainingExampleKind Kind { get; set; }

    /// <summary>The visitor's words the reply answers, as they were when the candidate was made.</summary>
    public required string Question { get; set; }

    /// <summary>The bot's reply that was wrong (corrections only).</summary>
    public string? Rejected { get; set; }

    /// <summary>The reply the model should give; an admin may edit it when approving.</summary>
    public required string Chosen { get; set; }

    public TrainingExampleStatus Status { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAt { get; set; }

    public string? ReviewNote { get; set; }
}
