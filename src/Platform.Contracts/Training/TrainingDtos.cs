namespace Platform.Contracts.Training;

/// <summary>Body of <c>POST /api/v1/conversations/{id}/messages/{messageId}/correction</c>: the reply the bot should have given.</summary>
public sealed record CorrectionRequest(string? Text);

/// <summary>Body of <c>POST /api/v1/training-examples/{id}/approve</c>: optionally, the reply as it should be trained on.</summary>
public sealed record ApproveExampleRequest(string? Chosen);

/// <summary>Body of <c>POST /api/v1/training-examples/{id}/reject</c>.</summary>
public sealed record RejectExampleRequest(string? Note);

/// <summary>
/// A candidate training example. <c>Kind</c>: <c>Correction</c> (an agent corrected a bot reply: <c>Rejected</c> is
/// the bot's reply) or <c>AgentReply</c> (an agent's reply promoted). <c>Status</c>: Pending, Approved or Rejected.
/// </summary>
public sealed record TrainingExampleDto(
    Guid Id,
    Guid ConversationId,
    Guid MessageId,
    string Kind,
    string Question,
    string? Rejected,
    string Chosen,
    string Status,
    string CreatedBy,
    DateTime CreatedAt,
    string? ReviewedBy,
    DateTime? ReviewedAt,
    string? ReviewNote);

public sealed record TrainingExamplePageDto(IReadOnlyList<TrainingExampleDto> Items, int Total, int Skip, int Take);
