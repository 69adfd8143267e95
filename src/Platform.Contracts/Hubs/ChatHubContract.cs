namespace Platform.Contracts.Hubs;

/// <summary>The visitor hub's route and method names: the wire contract of the widget.</summary>
public static class ChatHubContract
{
    public const string Route = "/hubs/chat";

    public const string StartConversation = nameof(StartConversation);
    public const string JoinConversation = nameof(JoinConversation);
    public const string SendMessage = nameof(SendMessage);
    public const string RequestPerson = nameof(RequestPerson);
}
