using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Contracts.Agents;
using Platform.Contracts.Conversations;
using Platform.Contracts.Hubs;
using Platform.Data.Conversations;

namespace Platform.Server.Agents;

/// <summary>The agents' side of hand-offs (<c>/api/v1/handoffs</c>): the queue, the chats an agent holds, accepting, replying, returning and closing.</summary>
internal static class HandoffEndpoints
{
    public static RouteGroupBuilder MapHandoffEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", Queue);
        group.MapGet("/mine", Held);
        group.MapGet("/{id:guid}", HeldChat);
        group.MapPost("/{id:guid}/accept", Accept);
        group.MapPost("/{id:guid}/messages", Reply);
        group.MapPost("/{id:guid}/notes", Note);
        group.MapGet("/canned-responses", (IOptions<AgentOptions> options) => TypedResults.Ok(options.Value.CannedResponses));
        group.MapPost("/{id:guid}/return", (Guid id, ClaimsPrincipal user, AgentDesk desk, CancellationToken ct) => FinishAsync(id, user, desk, returnToBot: true, ct));
        group.MapPost("/{id:guid}/close", (Guid id, ClaimsPrincipal user, AgentDesk desk, CancellationToken ct) => FinishAsync(id, user, desk, returnToBot: false, ct));
        return group;
    }

    /// <summary>The tickets (<c>/api/v1/tickets</c>): emails visitors left when nobody was online.</summary>
    public static RouteGroupBuilder MapTicketEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (HandoffStore handoffs, CancellationToken ct) =>
            TypedResults.Ok((await handoffs.OpenContactsAsync(ct)).Select(c => new TicketDto(c.Id, c.ConversationId, c.Email, c.CreatedAt)).ToList()));
        group.MapPost("/{id:guid}/close", async Task<Results<NoContent, NotFound>> (Guid id, HandoffStore handoffs, CancellationToken ct) =>
            await handoffs.CloseContactAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound());
        return group;
    }

    private static async Task<Ok<List<HandoffDto>>> Queue(HandoffStore handoffs, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var waiting = await handoffs.WaitingAsync(cancellationToken);
        return TypedResults.Ok(waiting.Select(h => AgentDesk.ToDto(h, now)).ToList());
    }

    /// <summary>The chats the signed-in agent holds, so a console that reloads resumes them.</summary>
    private static async Task<Ok<List<HandoffDto>>> Held(ClaimsPrincipal user, HandoffStore handoffs, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var held = await handoffs.HeldByAsync(AgentId(user), cancellationToken);
        return TypedResults.Ok(held.Select(h => AgentDesk.ToDto(h, now)).ToList());
    }

    private static async Task<Results<Ok<AcceptResult>, ProblemHttpResult>> HeldChat(Guid id, ClaimsPrincipal user, AgentDesk desk, CancellationToken cancellationToken) =>
        await desk.HeldChatAsync(id, AgentId(user), cancellationToken) is { } chat ? TypedResults.Ok(chat) : NotYours();

    private static async Task<Results<Ok<AcceptResult>, ProblemHttpResult>> Accept(Guid id, ClaimsPrincipal user, AgentDesk desk, CancellationToken cancellationToken) =>
        await desk.AcceptAsync(id, AgentId(user), user.Identity?.Name ?? "An agent", cancellationToken) is { } accepted
            ? TypedResults.Ok(accepted)
            : TypedResults.Problem("The hand-off is not waiting: another agent took it, or it was never there.", statusCode: StatusCodes.Status409Conflict, title: "Not waiting");

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> Reply(
        Guid id, AgentMessageRequest request, ClaimsPrincipal user, AgentDesk desk, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > MessageLimits.MaxTextLength)
        {
            return TypedResults.Problem($"A reply is 1 to {MessageLimits.MaxTextLength} characters.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid message");
        }

        return await desk.SendAsync(id, AgentId(user), request.Text, cancellationToken) is { } sent
            ? TypedResults.Ok(sent)
            : NotYours();
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> Note(
        Guid id, AgentMessageRequest request, ClaimsPrincipal user, AgentDesk desk, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > MessageLimits.MaxTextLength)
        {
            return TypedResults.Problem($"A note is 1 to {MessageLimits.MaxTextLength} characters.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid note");
        }

        return await desk.NoteAsync(id, AgentId(user), request.Text, cancellationToken) is { } note ? TypedResults.Ok(note) : NotYours();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> FinishAsync(Guid id, ClaimsPrincipal user, AgentDesk desk, bool returnToBot, CancellationToken cancellationToken) =>
        await desk.FinishAsync(id, AgentId(user), returnToBot, cancellationToken) ? TypedResults.NoContent() : NotYours();

    private static ProblemHttpResult NotYours() =>
        TypedResults.Problem("You do not hold this conversation.", statusCode: StatusCodes.Status409Conflict, title: "Not yours");

    private static string AgentId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request is not signed in as an agent.");
}
