using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Agents;
using Platform.Contracts.Conversations;
using Platform.Contracts.Hubs;
using Platform.Conversations.Handoffs;
using Platform.Data.Conversations;
using Platform.Domain.Conversations;
using Platform.Domain.Handoffs;
using Platform.Server.Chat;
using Platform.Server.Conversations;

namespace Platform.Server.Agents;

/// <summary>
/// What agents do to a handed-off chat, whether through REST or the agent hub: each action is stored first, then
/// pushed live to the visitor's connections and to the agents' consoles.
/// </summary>
internal sealed class AgentDesk(
    HandoffStore handoffs,
    ConversationStore conversations,
    IHubContext<ChatHub, IChatWidgetClient> visitors,
    IHubContext<AgentHub, IAgentConsoleClient> agents,
    TimeProvider timeProvider) : IHandoffEvents
{
    public const string AllAgents = "agents";

    internal const string ReturnedToBotNotice = "You're chatting with our assistant again.";
    internal const string ClosedNotice = "This conversation was closed by our support team. Thanks for chatting with us! How did we do? Rate us from 1 to 5.";

    public static string AgentGroup(string agentId) => $"agent:{agentId}";

    public async Task<AcceptResult?> AcceptAsync(Guid handoffId, string agentId, string agentName, CancellationToken cancellationToken)
    {
        if (!await handoffs.AcceptAsync(handoffId, agentId, cancellationToken))
        {
            return null;
        }

        var handoff = (await handoffs.FindAcceptedAsync(handoffId, agentId, cancellationToken))!;
        var notice = await NoticeAsync(handoff.ConversationId, $"{agentName} from our support team joined the chat.", cancellationToken);
        await visitors.Clients.Group(ChatHub.GroupName(handoff.ConversationId)).OwnerChanged(new OwnerChangedEvent(handoff.ConversationId, "agent", agentName, notice));
        await agents.Clients.Group(AllAgents).HandoffTaken(new HandoffTakenEvent(handoffId, handoff.ConversationId, agentId));
        return await TranscriptAsync(handoff, cancellationToken);
    }

    /// <summary>The transcript of a chat the agent holds (as accepting returned it), for a console that reloads; null when not held.</summary>
    public async Task<AcceptResult?> HeldChatAsync(Guid handoffId, string agentId, CancellationToken cancellationToken) =>
        await handoffs.FindAcceptedAsync(handoffId, agentId, cancellationToken) is { } handoff ? await TranscriptAsync(handoff, cancellationToken) : null;

    private async Task<AcceptResult> TranscriptAsync(Handoff handoff, CancellationToken cancellationToken)
    {
        var transcript = await conversations.GetMessagesAsync(handoff.ConversationId, cancellationToken);
        return new AcceptResult(handoff.ConversationId, handoff.Reason.ToString(), handoff.Detail, [.. transcript.Select(m => m.ToDto())]);
    }

    /// <summary>The agent's reply, stored and relayed; null when the agent does not hold the chat.</summary>
    public async Task<MessageDto?> SendAsync(Guid handoffId, string agentId, string text, CancellationToken cancellationToken)
    {
        var handoff = await handoffs.FindAcceptedAsync(handoffId, agentId, cancellationToken);
        if (handoff is null)
        {
            return null;
        }

        var stored = await conversations.AppendAsync(new Message { ConversationId = handoff.ConversationId, Role = MessageRole.Agent, Text = text.Trim() }, cancellationToken);
        var message = stored.Message.ToDto();
        await visitors.Clients.Group(ChatHub.GroupName(handoff.ConversationId)).AgentMessage(new ConversationMessageEvent(handoff.ConversationId, message));
        return message;
    }

    /// <summary>An internal note on the chat the agent holds: stored in the transcript, never sent to the visitor.</summary>
    public async Task<MessageDto?> NoteAsync(Guid handoffId, string agentId, string text, CancellationToken cancellationToken)
    {
        var handoff = await handoffs.FindAcceptedAsync(handoffId, agentId, cancellationToken);
        return handoff is null
            ? null
            : (await conversations.AppendAsync(new Message { ConversationId = handoff.ConversationId, Role = MessageRole.Note, Text = text.Trim() }, cancellationToken)).Message.ToDto();
    }

    /// <summary>Returns the chat to the bot or closes it; false when the agent does not hold it.</summary>
    public async Task<bool> FinishAsync(Guid handoffId, string agentId, bool returnToBot, CancellationToken cancellationToken)
    {
        var finished = await handoffs.FinishAsync(handoffId, agentId, returnToBot, cancellationToken);
        if (finished is null)
        {
            return false;
        }

        // The notice is a system message: the visitor sees the change of owner, and the bot's failure count starts over.
        var notice = await NoticeAsync(finished.ConversationId, returnToBot ? ReturnedToBotNotice : ClosedNotice, cancellationToken);
        await visitors.Clients.Group(ChatHub.GroupName(finished.ConversationId))
            .OwnerChanged(new OwnerChangedEvent(finished.ConversationId, returnToBot ? "bot" : "closed", null, notice) { AskForRating = !returnToBot });
        return true;
    }

    /// <summary>A visitor message the bot did not answer: the agent who holds the chat gets it live.</summary>
    public async Task VisitorWroteToPersonAsync(Message visitorMessage, CancellationToken cancellationToken)
    {
        var all = await handoffs.ForConversationAsync(visitorMessage.ConversationId, cancellationToken);
        if (all.Count > 0 && all[^1] is { Status: HandoffStatus.Accepted, AgentId: { } agentId })
        {
            await agents.Clients.Group(AgentGroup(agentId)).VisitorMessage(new ConversationMessageEvent(visitorMessage.ConversationId, visitorMessage.ToDto()));
        }
    }

    /// <summary>Tells every online agent that a chat joined the queue.</summary>
    public Task QueuedAsync(Handoff handoff, CancellationToken cancellationToken) =>
        agents.Clients.Group(AllAgents).HandoffQueued(ToDto(handoff, timeProvider.GetUtcNow().UtcDateTime));

    public static HandoffDto ToDto(Handoff handoff, DateTime now) => new(
        handoff.Id, handoff.ConversationId, handoff.Reason.ToString(), handoff.Detail, handoff.Status.ToString(), handoff.RequestedAt,
        Math.Round((now - handoff.RequestedAt).TotalSeconds, 1), handoff.AgentId);

    private async Task<MessageDto> NoticeAsync(Guid conversationId, string text, CancellationToken cancellationToken) =>
        (await conversations.AppendAsync(new Message { ConversationId = conversationId, Role = MessageRole.System, Text = text }, cancellationToken)).Message.ToDto();
}
