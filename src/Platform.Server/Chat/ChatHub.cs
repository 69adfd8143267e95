using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Hubs;
using Platform.Conversations;
using Platform.Server.Auth;
using Platform.Server.Conversations;

namespace Platform.Server.Chat;

/// <summary>
/// The visitors' hub. Thin by design: authorise, validate through the service, store, acknowledge, and leave the
/// answering to <see cref="ReplyWorker"/>, which pushes the reply to the conversation's group.
/// </summary>
[Authorize(Policy = VisitorAuthentication.Policy)]
internal sealed class ChatHub(ConversationService conversations, ReplyQueue replies, IVisitorRateLimiter rateLimiter) : Hub<IChatWidgetClient>
{
    public static string GroupName(Guid conversationId) => $"conversation:{conversationId:N}";

    public async Task<StartConversationResult> StartConversation(string? knowledgeBase)
    {
        var conversation = await conversations.StartAsync(Context.User!.VisitorId(), knowledgeBase, Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(conversation.Id), Context.ConnectionAborted);
        return new StartConversationResult(conversation.Id);
    }

    public async Task<JoinConversationResult> JoinConversation(Guid conversationId)
    {
        var visitorId = Context.User!.VisitorId();
        var conversation = await conversations.GetForVisitorAsync(conversationId, visitorId, Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(conversationId), Context.ConnectionAborted);
        var messages = await conversations.GetTranscriptAsync(conversationId, visitorId, Context.ConnectionAborted);
        return new JoinConversationResult(conversationId, conversation.State.ToString().ToLowerInvariant(), messages.Select(m => m.ToDto()).ToList());
    }

    public async Task<SendMessageResult> SendMessage(Guid conversationId, string? clientMessageId, string? text)
    {
        var visitorId = Context.User!.VisitorId();
        if (!await rateLimiter.TryAcquireAsync(visitorId, Context.ConnectionAborted))
        {
            throw new RateLimitExceededException();
        }

        var stored = await conversations.AcceptVisitorMessageAsync(conversationId, visitorId, clientMessageId, text, Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(conversationId), Context.ConnectionAborted);

        // A retried send whose reply never came (the server stopped mid-reply, say) is answered now; the worker
        // skips a message that already has its reply.
        await replies.EnqueueAsync(stored.Message, Context.ConnectionAborted);
        return new SendMessageResult(stored.Message.Id, stored.Message.Seq, stored.Duplicate);
    }

    /// <summary>The widget's "talk to a person" button.</summary>
    public async Task<RequestPersonResult> RequestPerson(Guid conversationId)
    {
        var notice = await conversations.RequestPersonAsync(conversationId, Context.User!.VisitorId(), Context.ConnectionAborted);
        return new RequestPersonResult(notice is not null, notice?.ToDto());
    }
}
