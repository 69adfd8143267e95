using System.Collections.Concurrent;
using Platform.Conversations.Handoffs;

namespace Platform.Server.Agents;

/// <summary>Agents with at least one live connection to the agent hub (this process; a backplane would share it).</summary>
internal sealed class AgentPresence : IAgentAvailability
{
    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);

    public bool AnyAgentOnline => !_connections.IsEmpty;

    public IReadOnlyCollection<string> OnlineAgents => [.. _connections.Keys];

    public void Connected(string agentId) => _connections.AddOrUpdate(agentId, 1, (_, count) => count + 1);

    public void Disconnected(string agentId)
    {
        while (_connections.TryGetValue(agentId, out var count))
        {
            if (count <= 1 ? _connections.TryRemove(new KeyValuePair<string, int>(agentId, count)) : _connections.TryUpdate(agentId, count - 1, count))
            {
                return;
            }
        }
    }
}
