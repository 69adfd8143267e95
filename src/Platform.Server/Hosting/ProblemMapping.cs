using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Platform.Conversations;
using Platform.Conversations.Messages;
using Platform.Data.Conversations;
using Platform.Server.Chat;

namespace Platform.Server.Hosting;

/// <summary>Maps the service's refusals, and malformed requests, to RFC 7807 problem details with a clear detail.</summary>
internal sealed class ProblemMapping(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        (int Status, string Title, string Detail)? problem = exception switch
        {
            InvalidMessageException ex => (StatusCodes.Status400BadRequest, "Invalid message", ex.Message),
            ConversationNotFoundException => (StatusCodes.Status404NotFound, "Conversation not found", "No conversation with that id exists for this visitor."),
            KnowledgeBaseNotFoundException ex => (StatusCodes.Status404NotFound, "Knowledge base not found", ex.Message),
            RateLimitExceededException ex => (StatusCodes.Status429TooManyRequests, "Too many requests", ex.Message),
            BadHttpRequestException ex => (ex.StatusCode, "Malformed request", MalformedDetail(ex)),
            _ => null,
        };
        if (problem is not { } p)
        {
            return false;
        }

        httpContext.Response.StatusCode = p.Status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Detail },
        });
    }

    private static string MalformedDetail(BadHttpRequestException ex) =>
        ex.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "The request body is too large."
            : ex.InnerException is System.Text.Json.JsonException json
                ? $"The request body is not valid JSON for this endpoint: {json.Message}"
                : ex.Message;
}
