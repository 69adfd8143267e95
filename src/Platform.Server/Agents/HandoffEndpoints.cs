using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Agents;
using Platform.Contracts.Conversations;
using Platform.Data.Conversations;
using Platform.Domain.Conversations;
using Platform.Server.Conversations;

namespace Platform.Server.Agents;

/// <summary>The agents' side of hand-offs (<c>/api/v1/handoffs</c>): the queue, accepting, replying, returning and closing.</summary>
internal static class HandoffEndpoints
{
    internal const string ReturnedToBotNotice = "You're chatting with our assistant again.";
    internal const string ClosedNotice = "This conversation was closed by our support team. Thanks for chatting with us!";

    public static RouteGroupBuilder MapHandoffEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", Queue);
        group.MapPost("/{id:guid}/accept", Accept);
        group.MapPost("/{id:guid}/messages", Reply);
        group.MapPost("/{id:guid}/return", (Guid id, ClaimsPrincipal user, HandoffStore handoffs, ConversationStore conversations, CancellationToken ct) => FinishAsync(id, user, handoffs, conversations, returnToBot: true, ct));
        group.MapPost("/{id:guid}/close", (Guid id, ClaimsPrincipal user, HandoffStore handoffs, ConversationStore conversations, CancellationToken ct) => FinishAsync(id, user, handoffs, conversations, returnToBot: false, ct));
        return group;
    }

    private static async Task<Ok<List<HandoffDto>>> Queue(HandoffStore handoffs, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var waiting = await handoffs.WaitingAsync(cancellationToken);
        return TypedResults.Ok(waiting.Select(h => new HandoffDto(h.Id, h.ConversationId, h.Reason.ToString(), h.Detail, h.Status.ToString(), h.RequestedAt, Math.Round((now - h.RequestedAt).TotalSeconds, 1), h.AgentId)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Accept(Guid id, ClaimsPrincipal user, HandoffStore handoffs, CancellationToken cancellationToken) =>
        await handoffs.AcceptAsync(id, AgentId(user), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem("The hand-off is not waiting: another agent took it, or it was never there.", statusCode: StatusCodes.Status409Conflict, title: "Not waiting");

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> Reply(
        Guid id, AgentMessageRequest request, ClaimsPrincipal user, HandoffStore handoffs, ConversationStore conversations, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > MessageLimits.MaxTextLength)
        {
            return TypedResults.Problem($"A reply is 1 to {MessageLimits.MaxTextLength} characters.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid message");
        }

        var handoff = await handoffs.FindAcceptedAsync(id, AgentId(user), cancellationToken);
        if (handoff is null)
        {
            return TypedResults.Problem("You do not hold this conversation.", statusCode: StatusCodes.Status409Conflict, title: "Not yours");
        }

        var stored = await conversations.AppendAsync(new Message { ConversationId = handoff.ConversationId, Role = MessageRole.Agent, Text = request.Text.Trim() }, cancellationToken);
        return TypedResults.Ok(stored.Message.ToDto());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> FinishAsync(
        Guid id, ClaimsPrincipal user, HandoffStore handoffs, ConversationStore conversations, bool returnToBot, CancellationToken cancellationToken)
    {
        var finished = await handoffs.FinishAsync(id, AgentId(user), returnToBot, cancellationToken);
        if (finished is null)
        {
            return TypedResults.Problem("You do not hold this conversation.", statusCode: StatusCodes.Status409Conflict, title: "Not yours");
        }

        // The notice is a system message: the visitor sees the change of owner, and the bot's failure count starts over.
        await conversations.AppendAsync(new Message { ConversationId = finished.ConversationId, Role = MessageRole.System, Text = returnToBot ? ReturnedToBotNotice : ClosedNotice }, cancellationToken);
        return TypedResults.NoContent();
    }

    private static string AgentId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request is not signed in as an agent.");
}
