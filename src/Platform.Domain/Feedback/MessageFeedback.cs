namespace Platform.Domain.Feedback;

/// <summary>A visitor's thumbs and comment on one bot reply.</summary>
public sealed class MessageFeedback
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public FeedbackRating Rating { get; set; }

    public string? Comment { get; set; }

    public DateTime CreatedAt { get; set; }
}
