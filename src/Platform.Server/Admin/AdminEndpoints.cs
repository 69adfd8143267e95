using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Admin;
using Platform.Contracts.Conversations;
using Platform.Conversations;
using Platform.Data.Analytics;
using Platform.Domain.Handoffs;
using Platform.Inference;
using Platform.Inference.Embeddings;
using Platform.Privacy;
using Platform.Server.Conversations;

namespace Platform.Server.Admin;

/// <summary>
/// What the admin console reads besides knowledge bases and accounts: transcripts (<c>/api/v1/transcripts</c>),
/// analytics (<c>/api/v1/analytics</c>), the test chat (<c>/api/v1/test-chat</c>) and the models (<c>/api/v1/models</c>).
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>The widest analytics range one request may ask for.</summary>
    public const int MaxAnalyticsDays = 366;

    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder routes)
    {
        routes.MapGet("/api/v1/transcripts", SearchTranscripts);
        routes.MapGet("/api/v1/transcripts/{id:guid}", GetTranscript);
        routes.MapGet("/api/v1/analytics", GetAnalytics);
        routes.MapPost("/api/v1/test-chat", TestChat);
        routes.MapGet("/api/v1/models", ListModels);
        return routes;
    }

    private static async Task<Results<Ok<TranscriptPageDto>, ProblemHttpResult>> SearchTranscripts(
        TranscriptSearch search, CancellationToken cancellationToken,
        DateOnly? from = null, DateOnly? to = null, string? outcome = null, int? rating = null, string? reason = null, string? q = null, int skip = 0, int take = 50)
    {
        ConversationOutcome? parsedOutcome = null;
        if (!string.IsNullOrEmpty(outcome))
        {
            if (!Enum.TryParse<ConversationOutcome>(outcome, ignoreCase: true, out var value))
            {
                return Invalid($"Unknown outcome '{outcome}': use {string.Join(", ", Enum.GetNames<ConversationOutcome>())}.");
            }

            parsedOutcome = value;
        }

        HandoffReason? parsedReason = null;
        if (!string.IsNullOrEmpty(reason))
        {
            if (!Enum.TryParse<HandoffReason>(reason, ignoreCase: true, out var value) || !Enum.IsDefined(value))
            {
                return Invalid($"Unknown hand-off reason '{reason}': use {string.Join(", ", Enum.GetNames<HandoffReason>())}.");
            }

            parsedReason = value;
        }

        if (rating is < 1 or > 5)
        {
            return Invalid("A rating is 1 to 5.");
        }

        if (take is < 1 or > TranscriptSearch.MaxPageSize || skip < 0)
        {
            return Invalid($"take is 1 to {TranscriptSearch.MaxPageSize} and skip is 0 or more.");
        }

        var filter = new TranscriptFilter(
            from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            parsedOutcome, rating, parsedReason, q, skip, take);
        var page = await search.SearchAsync(filter, cancellationToken);
        return TypedResults.Ok(new TranscriptPageDto(
            [.. page.Items.Select(t => new TranscriptSummaryDto(
                t.Id, t.CreatedAt.AsUtc(), t.UpdatedAt.AsUtc(), t.State.ToString().ToLowerInvariant(), t.Messages, t.FirstQuestion,
                t.Outcome.ToString(), t.HandoffReason?.ToString(), t.Rating))],
            page.Total, skip, take));
    }

    private static async Task<Results<Ok<TranscriptDto>, ProblemHttpResult>> GetTranscript(Guid id, TranscriptSearch search, CancellationToken cancellationToken)
    {
        if (await search.GetAsync(id, cancellationToken) is not { } detail)
        {
            return TypedResults.Problem($"There is no conversation {id}.", statusCode: StatusCodes.Status404NotFound, title: "Conversation not found");
        }

        return TypedResults.Ok(new TranscriptDto(
            detail.Conversation.Id,
            detail.Conversation.State.ToString().ToLowerInvariant(),
            detail.Conversation.CreatedAt.AsUtc(),
            detail.Conversation.SatisfactionScore,
            detail.Conversation.SatisfactionComment,
            [.. detail.Messages.Select(m => m.ToDto())],
            [.. detail.Handoffs.Select(h => new HandoffRecordDto(h.Id, h.Reason.ToString(), h.Detail, h.Status.ToString(), h.AgentId, h.RequestedAt.AsUtc(), h.AcceptedAt is { } a ? a.AsUtc() : null, h.ResolvedAt is { } r ? r.AsUtc() : null))],
            [.. detail.Feedback.Select(f => new FeedbackDto(f.MessageId, f.Rating.ToString().ToLowerInvariant(), f.Comment, f.CreatedAt.AsUtc()))]));
    }

    private static async Task<Results<Ok<AnalyticsDto>, ProblemHttpResult>> GetAnalytics(
        ConversationAnalytics analytics, IPiiRedactor redactor, TimeProvider time, CancellationToken cancellationToken, DateOnly? from = null, DateOnly? to = null)
    {
        var last = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = from ?? last.AddDays(-29);
        if (first > last)
        {
            return Invalid("from must be on or before to.");
        }

        if (last.DayNumber - first.DayNumber >= MaxAnalyticsDays)
        {
            return Invalid($"Ask for at most {MaxAnalyticsDays} days at a time.");
        }

        var report = await analytics.GetAsync(
            first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), cancellationToken);
        return TypedResults.Ok(new AnalyticsDto(
            first,
            last,
            [.. report.Days.Select(d => new DailyConversationsDto(d.Day, d.Conversations, d.AnsweredByBot, d.HandedOff))],
            new SatisfactionDto(report.Satisfaction.Ratings, report.Satisfaction.AverageRating, report.Satisfaction.SatisfiedShare, report.Satisfaction.ThumbsUp, report.Satisfaction.ThumbsDown),
            Redacted(report.TopQuestions, redactor),
            Redacted(report.Unanswered, redactor),
            [.. report.Latency.Select(l => new DailyLatencyDto(l.Day, l.Replies, l.P50Ms, l.P95Ms))],
            [.. report.HandoffReasons.Select(r => new CountDto(r.Reason.ToString(), r.Count))],
            [.. report.Models.Select(m => new ModelUsageDto(m.Model, m.Replies, m.AverageLatencyMs, m.ThumbsUp, m.ThumbsDown))]));
    }

    private static async Task<Results<Ok<TestChatResultDto>, ProblemHttpResult>> TestChat(TestChatRequest request, ReplyPreview preview, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return Invalid("Write a message to test.");
        }

        if (request.Text.Length > MessageLimits.MaxTextLength)
        {
            return Invalid($"A message is at most {MessageLimits.MaxTextLength} characters.");
        }

        var result = await preview.RunAsync(string.IsNullOrWhiteSpace(request.KnowledgeBase) ? "default" : request.KnowledgeBase, request.Text, cancellationToken);
        return TypedResults.Ok(new TestChatResultDto(
            [.. result.Passages.Select(p => new TestChatPassageDto(p.DocumentId, p.Title, p.Source, p.HeadingPath, p.Snippet, Math.Round(p.Score, 4)))],
            Math.Round(result.Confidence, 3),
            result.MinConfidence,
            result.Handoff is { } handoff ? new TestChatHandoffDto(handoff.Reason.ToString(), handoff.Detail) : null,
            result.Answer,
            result.Source.ToString().ToLowerInvariant(),
            result.FallbackReason,
            result.ElapsedMs));
    }

    private static Ok<List<ModelInfoDto>> ListModels(LocalModelHost generation, EmbeddingModelHost embedding)
    {
        var models = new List<ModelInfoDto>();
        var model = generation.Model;
        models.Add(new ModelInfoDto(
            "generation", generation.IsConfigured, model is not null, model?.Name, model?.Folder ?? generation.Options.Path, model?.ExecutionProvider,
            model?.Config.ModelType, model?.Config.NumLayers, model?.Config.NumAttentionHeads, model?.Config.HiddenSize, generation.LoadError));
        var encoder = embedding.Generator?.Model;
        models.Add(new ModelInfoDto(
            "embedding", embedding.IsConfigured, encoder is not null, encoder?.Name, null, encoder?.ExecutionProvider,
            null, null, null, encoder?.Dimensions, embedding.LoadError));
        return TypedResults.Ok(models);
    }

    /// <summary>
    /// Visitors' words leave the transcript store here, so they are redacted like an export; questions that differ
    /// only in the personal data they held are counted together once redacted.
    /// </summary>
    private static List<CountDto> Redacted(IReadOnlyList<QuestionCount> questions, IPiiRedactor redactor) =>
        [.. questions
            .GroupBy(q => redactor.RedactText(q.Question), StringComparer.Ordinal)
            .Select(g => new CountDto(g.Key, g.Sum(q => q.Count)))
            .OrderByDescending(q => q.Count).ThenBy(q => q.Label, StringComparer.Ordinal)];

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

}
