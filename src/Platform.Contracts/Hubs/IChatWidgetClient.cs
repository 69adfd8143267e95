namespace Platform.Contracts.Hubs;

/// <summary>Events the server sends to visitors' connections; the method names are the event names.</summary>
public interface IChatWidgetClient
{
    Task ReplyStarted(ReplyStartedEvent started);

    Task ReplyDelta(ReplyDeltaEvent delta);

    Task ReplyCompleted(ReplyCompletedEvent completed);

    Task ReplyFailed(ReplyFailedEvent failed);
}
