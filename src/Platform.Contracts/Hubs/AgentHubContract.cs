using Platform.Contracts.Agents;
using Platform.Contracts.Conversations;

namespace Platform.Contracts.Hubs;

/// <summary>The agents' hub route and method names: the wire contract of the agent console.</summary>
public static class AgentHubContract
{
    public const string Route = "/hubs/agent";

    public const string Accept = nameof(Accept);
    public const string Send = nameof(Send);
    public const string ReturnToBot = nameof(ReturnToBot);
    public const string Close = nameof(Close);
    public const string Note = nameof(Note);
}

/// <summary>Events the server sends to agents' connections.</summary>
public interface IAgentConsoleClient
{
    /// <summary>A chat joined the queue.</summary>
    Task HandoffQueued(HandoffDto handoff);

    /// <summary>An agent took a chat; consoles drop it from their queue.</summary>
    Task HandoffTaken(HandoffTakenEvent taken);

    /// <summary>The visitor of a chat this agent holds wrote.</summary>
    Task VisitorMessage(ConversationMessageEvent message);
}

public sealed record HandoffTakenEvent(Guid HandoffId, Guid ConversationId, string AgentId);

public sealed record ConversationMessageEvent(Guid ConversationId, MessageDto Message);

/// <summary>Who owns a visitor's chat now (<c>bot</c>, <c>queued</c>, <c>agent</c>, <c>closed</c>), and what the visitor is told.</summary>
public sealed record OwnerChangedEvent(Guid ConversationId, string State, string? AgentName, MessageDto? Notice)
{
    /// <summary>True when a person closed the chat: the widget asks for a 1-5 satisfaction rating (<c>POST .../rating</c>).</summary>
    public bool AskForRating { get; init; }
}

/// <summary>The result of accepting: the whole transcript, with the bot's citations and the hand-off's reason.</summary>
public sealed record AcceptResult(Guid ConversationId, string Reason, string? Detail, IReadOnlyList<MessageDto> Transcript);
