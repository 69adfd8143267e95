using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Conversations;
using Platform.Contracts.Training;
using Platform.Data.Training;
using Platform.Domain.Training;
using Platform.Server.Auth;
using Platform.Server.Conversations;

namespace Platform.Server.Training;

/// <summary>
/// Turning transcripts into training candidates: agents correct bot replies and promote their own replies
/// (agent policy); admins list, approve and reject the candidates (admin policy).
/// </summary>
internal static class TrainingEndpoints
{
    public static RouteGroupBuilder MapTrainingSignalEndpoints(this RouteGroupBuilder conversations)
    {
        conversations.MapPost("/{id:guid}/messages/{messageId:guid}/correction", Correct);
        conversations.MapPost("/{id:guid}/messages/{messageId:guid}/promote", Promote);
        return conversations;
    }

    public static RouteGroupBuilder MapTrainingExampleEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", List);
        group.MapPost("/{id:guid}/approve", (Guid id, ApproveExampleRequest? request, ClaimsPrincipal user, TrainingExampleStore store, CancellationToken ct) =>
            ReviewAsync(id, approve: true, request?.Chosen, note: null, user, store, ct));
        group.MapPost("/{id:guid}/reject", (Guid id, RejectExampleRequest? request, ClaimsPrincipal user, TrainingExampleStore store, CancellationToken ct) =>
            ReviewAsync(id, approve: false, chosen: null, request?.Note, user, store, ct));
        return group;
    }

    private static async Task<Results<Created<TrainingExampleDto>, ProblemHttpResult>> Correct(
        Guid id, Guid messageId, CorrectionRequest request, ClaimsPrincipal user, TrainingExampleStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > MessageLimits.MaxTextLength)
        {
            return TypedResults.Problem($"Write the right reply (1 to {MessageLimits.MaxTextLength} characters).", statusCode: StatusCodes.Status400BadRequest, title: "Invalid correction");
        }

        return await store.CorrectAsync(id, messageId, request.Text, Who(user), cancellationToken) is { } example
            ? TypedResults.Created($"/api/v1/training-examples/{example.Id}", ToDto(example))
            : NoSuchMessage("bot reply", id, messageId);
    }

    private static async Task<Results<Created<TrainingExampleDto>, ProblemHttpResult>> Promote(
        Guid id, Guid messageId, ClaimsPrincipal user, TrainingExampleStore store, CancellationToken cancellationToken) =>
        await store.PromoteAsync(id, messageId, Who(user), cancellationToken) is { } example
            ? TypedResults.Created($"/api/v1/training-examples/{example.Id}", ToDto(example))
            : NoSuchMessage("agent reply after a visitor's message", id, messageId);

    private static async Task<Results<Ok<TrainingExamplePageDto>, ProblemHttpResult>> List(
        TrainingExampleStore store, CancellationToken cancellationToken, string? status = null, int skip = 0, int take = 50)
    {
        TrainingExampleStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<TrainingExampleStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.Problem($"Unknown status '{status}': use {string.Join(", ", Enum.GetNames<TrainingExampleStatus>())}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
            }

            wanted = parsed;
        }

        if (take is < 1 or > TrainingExampleStore.MaxPageSize || skip < 0)
        {
            return TypedResults.Problem($"take is 1 to {TrainingExampleStore.MaxPageSize} and skip is 0 or more.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");
        }

        var page = await store.ListAsync(wanted, skip, take, cancellationToken);
        return TypedResults.Ok(new TrainingExamplePageDto([.. page.Items.Select(ToDto)], page.Total, skip, take));
    }

    private static async Task<Results<Ok<TrainingExampleDto>, ProblemHttpResult>> ReviewAsync(
        Guid id, bool approve, string? chosen, string? note, ClaimsPrincipal user, TrainingExampleStore store, CancellationToken cancellationToken)
    {
        if (chosen?.Length > MessageLimits.MaxTextLength || note?.Length > 2000)
        {
            return TypedResults.Problem("The reply or the note is too long.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid review");
        }

        return await store.ReviewAsync(id, approve, chosen, note, Who(user), cancellationToken) is { } example
            ? TypedResults.Ok(ToDto(example))
            : TypedResults.Problem($"There is no training example {id}.", statusCode: StatusCodes.Status404NotFound, title: "Training example not found");
    }

    /// <summary>The account id, or the admin API key's name for scripts (it is not an account).</summary>
    private static string Who(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? (user.Identity?.AuthenticationType == AdminAuthentication.Scheme ? "api-key" : "unknown");

    private static ProblemHttpResult NoSuchMessage(string what, Guid conversationId, Guid messageId) =>
        TypedResults.Problem($"Conversation {conversationId} has no {what} {messageId}.", statusCode: StatusCodes.Status404NotFound, title: "Message not found");

    private static TrainingExampleDto ToDto(TrainingExample t) => new(
        t.Id, t.ConversationId, t.MessageId, t.Kind.ToString(), t.Question, t.Rejected, t.Chosen, t.Status.ToString(), t.CreatedBy,
        t.CreatedAt.AsUtc(), t.ReviewedBy, t.ReviewedAt is { } reviewed ? reviewed.AsUtc() : null, t.ReviewNote);
}
