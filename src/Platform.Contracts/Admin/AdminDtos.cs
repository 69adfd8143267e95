using Platform.Contracts.Conversations;

namespace Platform.Contracts.Admin;

/// <summary>
/// One row of <c>GET /api/v1/transcripts</c>. <c>Outcome</c>: <c>Answered</c>, <c>Unanswered</c> (a reply found no
/// answer and nobody took over) or <c>HandedOff</c>; <c>HandoffReason</c> is the first hand-off's reason.
/// </summary>
public sealed record TranscriptSummaryDto(
    Guid Id, DateTime CreatedAt, DateTime UpdatedAt, string State, int Messages, string? FirstQuestion, string Outcome, string? HandoffReason, int? Rating);

public sealed record TranscriptPageDto(IReadOnlyList<TranscriptSummaryDto> Items, int Total, int Skip, int Take);

public sealed record HandoffRecordDto(Guid Id, string Reason, string? Detail, string Status, string? AgentId, DateTime RequestedAt, DateTime? AcceptedAt, DateTime? ResolvedAt);

public sealed record FeedbackDto(Guid MessageId, string Rating, string? Comment, DateTime CreatedAt);

/// <summary><c>GET /api/v1/transcripts/{id}</c>: every message (agents' notes included), hand-offs, feedback and rating.</summary>
public sealed record TranscriptDto(
    Guid Id,
    string State,
    DateTime CreatedAt,
    int? Rating,
    string? RatingComment,
    IReadOnlyList<MessageDto> Messages,
    IReadOnlyList<HandoffRecordDto> Handoffs,
    IReadOnlyList<FeedbackDto> Feedback);

public sealed record DailyConversationsDto(DateOnly Day, int Conversations, int AnsweredByBot, int HandedOff);

public sealed record DailyLatencyDto(DateOnly Day, int Replies, int P50Ms, int P95Ms);

public sealed record SatisfactionDto(int Ratings, double? AverageRating, double? SatisfiedShare, int ThumbsUp, int ThumbsDown);

public sealed record CountDto(string Label, int Count);

public sealed record ModelUsageDto(string Model, int Replies, double? AverageLatencyMs, int ThumbsUp, int ThumbsDown);

/// <summary><c>GET /api/v1/analytics?from=&amp;to=</c>: the dashboard over a date range (UTC days, <c>to</c> inclusive).</summary>
public sealed record AnalyticsDto(
    DateOnly From,
    DateOnly To,
    IReadOnlyList<DailyConversationsDto> Days,
    SatisfactionDto Satisfaction,
    IReadOnlyList<CountDto> TopQuestions,
    IReadOnlyList<CountDto> Unanswered,
    IReadOnlyList<DailyLatencyDto> Latency,
    IReadOnlyList<CountDto> HandoffReasons,
    IReadOnlyList<ModelUsageDto> Models);

/// <summary>Body of <c>POST /api/v1/test-chat</c>: a message to run through the bot without storing anything.</summary>
public sealed record TestChatRequest(string? Text, string? KnowledgeBase);

public sealed record TestChatPassageDto(Guid DocumentId, string Title, string Source, string? HeadingPath, string Snippet, double Score);

public sealed record TestChatHandoffDto(string Reason, string Detail);

/// <summary>What the bot would do: the passages and their scores, the confidence against its threshold, the hand-off decision and the answer.</summary>
public sealed record TestChatResultDto(
    IReadOnlyList<TestChatPassageDto> Passages,
    double Confidence,
    double MinConfidence,
    TestChatHandoffDto? Handoff,
    string Answer,
    string Source,
    string? FallbackReason,
    long ElapsedMs);

/// <summary>A model the server runs (or tried to): <c>GET /api/v1/models</c>.</summary>
public sealed record ModelInfoDto(
    string Role,
    bool Configured,
    bool Loaded,
    string? Name,
    string? Folder,
    string? ExecutionProvider,
    string? Architecture,
    int? Layers,
    int? Heads,
    int? HiddenSize,
    string? Error);

/// <summary>
/// A model version (<c>/api/v1/models/versions</c>). <c>Status</c>: Training, Ready, Failed or Cancelled. The held-out
/// figures are answer-token losses (lower is better) on approved examples the run never trained on, for this version
/// and for the version it started from.
/// </summary>
public sealed record ModelVersionDto(
    Guid Id,
    string Name,
    string Status,
    bool IsActive,
    Guid? BaseVersionId,
    DateTime CreatedAt,
    DateTime? FinishedAt,
    DateTime? ActivatedAt,
    double Progress,
    int? TrainExamples,
    int? HeldOutExamples,
    double? HeldOutLoss,
    double? BaseHeldOutLoss,
    string? Error,
    string? LogTail);

/// <summary>Body of <c>POST /api/v1/models/fine-tunes</c>: the training steps (the configured number when absent).</summary>
public sealed record StartFineTuneRequest(int? Steps);
