using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Agents;
using Platform.Contracts.Conversations;
using Platform.Conversations;
using Platform.Data.Conversations;
using Platform.Data.Feedback;
using Platform.Domain.Feedback;
using Platform.Server.Auth;
using Platform.Server.Chat;

namespace Platform.Server.Conversations;

/// <summary>The visitor REST API: <c>/api/v1/conversations</c>. Errors are problem details (see <see cref="Hosting.ProblemMapping"/>).</summary>
internal static class ConversationEndpoints
{
    private const long MaxMessageBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapConversationEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/", CreateConversation).AllowAnonymous();
        group.MapPost("/{id:guid}/messages", PostMessage)
            .RequireAuthorization(VisitorAuthentication.Policy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxMessageBodyBytes));
        group.MapGet("/{id:guid}/messages", ListMessages).RequireAuthorization(VisitorAuthentication.Policy);
        group.MapPost("/{id:guid}/handoff", RequestPerson).RequireAuthorization(VisitorAuthentication.Policy);
        group.MapPost("/{id:guid}/rating", Rate)
            .RequireAuthorization(VisitorAuthentication.Policy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxMessageBodyBytes));
        group.MapPost("/{id:guid}/contact", LeaveContact)
            .RequireAuthorization(VisitorAuthentication.Policy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxMessageBodyBytes));
        group.MapPut("/{id:guid}/messages/{messageId:guid}/feedback", RecordFeedback)
            .RequireAuthorization(VisitorAuthentication.Policy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxMessageBodyBytes));
        return group;
    }

    /// <summary>Starts a conversation. A caller that already holds a visitor token keeps its identity; others get a new one.</summary>
    private static async Task<Created<CreateConversationResponse>> CreateConversation(
        CreateConversationRequest? request,
        ClaimsPrincipal user,
        ConversationService conversations,
        VisitorTokens tokens,
        CancellationToken cancellationToken)
    {
        var visitorId = user.FindFirstValue(VisitorAuthentication.VisitorIdClaim) ?? tokens.NewVisitorId();
        var conversation = await conversations.StartAsync(visitorId, request?.KnowledgeBase, cancellationToken);
        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", new CreateConversationResponse(conversation.Id, tokens.Issue(visitorId)));
    }

    /// <summary>Stores the message, then answers it in the same call. A retried send returns the stored pair.</summary>
    private static async Task<Results<Ok<PostMessageResponse>, ProblemHttpResult>> PostMessage(
        Guid id,
        PostMessageRequest request,
        ClaimsPrincipal user,
        ConversationService conversations,
        IVisitorRateLimiter rateLimiter,
        CancellationToken cancellationToken)
    {
        var visitorId = user.VisitorId();
        if (!await rateLimiter.TryAcquireAsync(visitorId, cancellationToken))
        {
            throw new RateLimitExceededException();
        }

        var stored = await conversations.AcceptVisitorMessageAsync(id, visitorId, request.ClientMessageId, request.Text, cancellationToken);
        if (stored.Duplicate && await conversations.FindReplyAsync(stored.Message.Id, cancellationToken) is { } earlierReply)
        {
            return TypedResults.Ok(new PostMessageResponse(stored.Message.ToDto(), earlierReply.ToReplyDto(), Duplicate: true));
        }

        var reply = await conversations.ReplyAsync(stored.Message, cancellationToken);
        if (reply is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The bot does not own this conversation",
                detail: "A person is handling this conversation, or it is waiting for one; the message is stored and they will answer it.");
        }

        return TypedResults.Ok(new PostMessageResponse(stored.Message.ToDto(), reply.ToReplyDto(), stored.Duplicate));
    }

    private static async Task<Ok<List<MessageDto>>> ListMessages(
        Guid id, ClaimsPrincipal user, ConversationService conversations, CancellationToken cancellationToken)
    {
        var messages = await conversations.GetTranscriptAsync(id, user.VisitorId(), cancellationToken);
        return TypedResults.Ok(messages.Select(m => m.ToDto()).ToList());
    }

    /// <summary>The visitor leaves an email address for the team to write back (offered when nobody is online): a ticket.</summary>
    private static async Task<Results<Created<TicketDto>, ProblemHttpResult>> LeaveContact(
        Guid id, ContactRequestBody request, ClaimsPrincipal user, ConversationService conversations, HandoffStore handoffs, CancellationToken cancellationToken)
    {
        await conversations.GetForVisitorAsync(id, user.VisitorId(), cancellationToken);
        var email = request.Email?.Trim();
        if (email is null || email.Length > 320 || !new EmailAddressAttribute().IsValid(email))
        {
            return TypedResults.Problem("That does not look like an email address.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid email");
        }

        var contact = await handoffs.AddContactAsync(id, email, cancellationToken);
        return TypedResults.Created($"/api/v1/tickets/{contact.Id}", new TicketDto(contact.Id, contact.ConversationId, contact.Email, contact.CreatedAt));
    }

    /// <summary>The visitor's satisfaction rating, asked for when a person closed the chat.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Rate(
        Guid id, RatingRequest request, ClaimsPrincipal user, ConversationService conversations, HandoffStore handoffs, CancellationToken cancellationToken)
    {
        await conversations.GetForVisitorAsync(id, user.VisitorId(), cancellationToken);
        if (request.Score is < 1 or > 5 || request.Comment?.Length > 2000)
        {
            return TypedResults.Problem("A rating is a score from 1 to 5 and a comment of at most 2000 characters.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid rating");
        }

        return await handoffs.RateAsync(id, request.Score, request.Comment?.Trim(), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem("Only a conversation a person closed can be rated.", statusCode: StatusCodes.Status409Conflict, title: "Not closed");
    }

    /// <summary>Thumbs up or down, and an optional comment, on one of the bot's replies in the visitor's conversation; sending again replaces it.</summary>
    private static async Task<Results<Ok<MessageFeedbackDto>, ProblemHttpResult>> RecordFeedback(
        Guid id, Guid messageId, MessageFeedbackRequest request, ClaimsPrincipal user, ConversationService conversations, FeedbackStore feedback, CancellationToken cancellationToken)
    {
        await conversations.GetForVisitorAsync(id, user.VisitorId(), cancellationToken);
        FeedbackRating? rating = request.Rating switch
        {
            "up" => FeedbackRating.Up,
            "down" => FeedbackRating.Down,
            _ => null,
        };
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (rating is null || comment?.Length > MessageFeedbackRequest.MaxCommentLength)
        {
            return TypedResults.Problem(
                $"Feedback is a rating of \"up\" or \"down\" and a comment of at most {MessageFeedbackRequest.MaxCommentLength} characters.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid feedback");
        }

        var stored = await feedback.RecordAsync(id, messageId, rating.Value, comment, cancellationToken);
        return stored is null
            ? TypedResults.Problem("Feedback is given on one of the bot's replies in this conversation.", statusCode: StatusCodes.Status404NotFound, title: "No such reply")
            : TypedResults.Ok(new MessageFeedbackDto(stored.MessageId, request.Rating!, stored.Comment, stored.CreatedAt.AsUtc()));
    }

    /// <summary>"Talk to a person", for clients without the hub: 200 with the notice, or 409 when a person already holds the chat.</summary>
    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> RequestPerson(
        Guid id, ClaimsPrincipal user, ConversationService conversations, CancellationToken cancellationToken)
    {
        var notice = await conversations.RequestPersonAsync(id, user.VisitorId(), cancellationToken);
        return notice is null
            ? TypedResults.Problem("A person already has this conversation, or it is waiting for one.", statusCode: StatusCodes.Status409Conflict, title: "Already with a person")
            : TypedResults.Ok(notice.ToDto());
    }
}
