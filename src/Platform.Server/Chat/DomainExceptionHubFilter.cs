using Microsoft.AspNetCore.SignalR;
using Platform.Conversations;
using Platform.Conversations.Messages;
using Platform.Data.Conversations;

namespace Platform.Server.Chat;

/// <summary>Turns the service's refusals into hub errors the client sees verbatim; anything else stays opaque.</summary>
internal sealed class DomainExceptionHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(invocationContext);
        }
        catch (InvalidMessageException ex)
        {
            throw new HubException(ex.Message);
        }
        catch (ConversationNotFoundException)
        {
            throw new HubException("Conversation not found.");
        }
        catch (KnowledgeBaseNotFoundException ex)
        {
            throw new HubException(ex.Message);
        }
        catch (RateLimitExceededException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
