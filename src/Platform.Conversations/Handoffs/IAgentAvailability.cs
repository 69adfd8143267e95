namespace Platform.Conversations.Handoffs;

/// <summary>
/// Whether any agent is online to take a handed-off chat. The host knows (agents' live connections); the conversation
/// service only asks, so that a visitor is told the truth when nobody is there.
/// </summary>
public interface IAgentAvailability
{
    bool AnyAgentOnline { get; }
}

/// <summary>The answer when no host tracks agents (offline tools, tests of the service alone): nobody is online.</summary>
public sealed class NoAgentsOnline : IAgentAvailability
{
    public bool AnyAgentOnline => false;
}
