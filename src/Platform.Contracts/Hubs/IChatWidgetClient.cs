namespace Platform.Contracts.Hubs;

/// <summary>Events the server sends to visitors' connections; the method names are the event names.</summary>
public interface IChatWidgetClient
{
    Task ReplyStarted(ReplyStartedEvent started);

    Task ReplyDelta(ReplyDeltaEvent delta);

    Task ReplyCompleted(ReplyCompletedEvent completed);

    Task ReplyFailed(ReplyFailedEvent failed);

    /// <summary>A person joined, returned the chat to the bot, or closed it.</summary>
    Task OwnerChanged(OwnerChangedEvent changed);

    /// <summary>The agent who holds the chat wrote.</summary>
    Task AgentMessage(ConversationMessageEvent message);
}
