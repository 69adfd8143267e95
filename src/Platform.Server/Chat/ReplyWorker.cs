using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;
using Platform.Conversations;
using Platform.Conversations.Replies;
using Platform.Domain.Conversations;
using Platform.Server.Conversations;
using Platform.Server.Hosting;

namespace Platform.Server.Chat;

/// <summary>
/// Answers queued visitor messages and pushes each step of the reply to the conversation's group. A message is
/// answered at most once: one already answered or being answered is skipped.
/// </summary>
internal sealed partial class ReplyWorker(
    ReplyQueue queue,
    ConversationService conversations,
    IHubContext<ChatHub, IChatWidgetClient> hub,
    IOptions<ServerOptions> options,
    ILogger<ReplyWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, byte> _inFlight = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            queue.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentReplies, CancellationToken = stoppingToken },
            async (message, cancellationToken) =>
            {
                if (!_inFlight.TryAdd(message.Id, 0))
                {
                    return;
                }

                try
                {
                    await AnswerAsync(message, cancellationToken);
                }
                finally
                {
                    _inFlight.TryRemove(message.Id, out _);
                }
            });

    private async Task AnswerAsync(Message visitorMessage, CancellationToken cancellationToken)
    {
        if (await conversations.FindReplyAsync(visitorMessage.Id, cancellationToken) is not null)
        {
            return;
        }

        var group = hub.Clients.Group(ChatHub.GroupName(visitorMessage.ConversationId));
        var replyId = Guid.Empty;
        try
        {
            await foreach (var update in conversations.StreamReplyAsync(visitorMessage, cancellationToken))
            {
                replyId = update.ReplyId;
                await (update switch
                {
                    ReplyStarted started => group.ReplyStarted(new ReplyStartedEvent(started.ConversationId, started.ReplyId, started.InReplyToId)),
                    ReplyTextDelta delta => group.ReplyDelta(new ReplyDeltaEvent(delta.ConversationId, delta.ReplyId, delta.Index, delta.Text)),
                    ReplyFinished finished => group.ReplyCompleted(new ReplyCompletedEvent(finished.ConversationId, finished.Reply.ToDto(), finished.Handoff, finished.OfferHuman)),
                    _ => Task.CompletedTask,
                });
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogReplyFailed(logger, visitorMessage.ConversationId, ex);
            await group.ReplyFailed(new ReplyFailedEvent(
                visitorMessage.ConversationId, replyId, visitorMessage.Id, "Sorry, something went wrong while answering. Please try again."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Replying in conversation {ConversationId} failed")]
    private static partial void LogReplyFailed(ILogger logger, Guid conversationId, Exception exception);
}
