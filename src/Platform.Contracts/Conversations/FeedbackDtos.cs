namespace Platform.Contracts.Conversations;

/// <summary>Body of <c>PUT /api/v1/conversations/{id}/messages/{messageId}/feedback</c>: thumbs (<c>up</c> or <c>down</c>) and an optional comment.</summary>
public sealed record MessageFeedbackRequest(string? Rating, string? Comment)
{
    public const int MaxCommentLength = 2000;
}

public sealed record MessageFeedbackDto(Guid MessageId, string Rating, string? Comment, DateTime CreatedAt);
