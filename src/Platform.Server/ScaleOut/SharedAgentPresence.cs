using Microsoft.Extensions.Options;
using Platform.Conversations.Handoffs;
using Platform.Server.Agents;
using StackExchange.Redis;

namespace Platform.Server.ScaleOut;

/// <summary>
/// Agent availability across nodes: each node writes the agents connected to it into a Redis set of its own that
/// expires unless refreshed, and reads whether any node's set has a member. A node that dies takes its agents with
/// it after <see cref="RedisOptions.PresenceTtlSeconds"/>; with Redis unreachable a node answers from its own agents.
/// </summary>
internal sealed partial class SharedAgentPresence(
    AgentPresence local, IServiceProvider services, IOptions<RedisOptions> options, ILogger<SharedAgentPresence> logger)
    : BackgroundService, IAgentAvailability
{
    private readonly string _node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private volatile bool _anyElsewhere;

    private IConnectionMultiplexer Redis => services.GetRequiredService<IConnectionMultiplexer>();

    public bool AnyAgentOnline => local.AnyAgentOnline || _anyElsewhere;

    private string NodesKey => $"{options.Value.Prefix}:presence:nodes";

    private string NodeKey(string node) => $"{options.Value.Prefix}:presence:node:{node}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsEnabled)
        {
            return;
        }

        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.PresenceTtlSeconds / 3.0));
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Readiness reports Redis; presence falls back to this node's own agents until it answers again.
                _anyElsewhere = false;
                LogRefreshFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync()
    {
        var db = Redis.GetDatabase();
        var ttl = TimeSpan.FromSeconds(options.Value.PresenceTtlSeconds);
        var mine = NodeKey(_node);
        var agents = local.OnlineAgents.Select(a => (RedisValue)a).ToArray();
        var write = db.CreateTransaction();
        _ = write.KeyDeleteAsync(mine);
        if (agents.Length > 0)
        {
            _ = write.SetAddAsync(mine, agents);
            _ = write.KeyExpireAsync(mine, ttl);
        }

        _ = write.SetAddAsync(NodesKey, _node);
        await write.ExecuteAsync();

        var anyone = false;
        foreach (var node in await db.SetMembersAsync(NodesKey))
        {
            if (node == _node)
            {
                continue;
            }

            if (await db.KeyExistsAsync(NodeKey(node!)))
            {
                anyone = true;
            }
            else
            {
                // A node with no agents, or one gone: its set has expired. Its name is dropped; a live node adds itself back.
                await db.SetRemoveAsync(NodesKey, node);
            }
        }

        _anyElsewhere = anyone;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!options.Value.IsEnabled)
        {
            return;
        }

        try
        {
            var db = Redis.GetDatabase();
            await db.KeyDeleteAsync(NodeKey(_node));
            await db.SetRemoveAsync(NodesKey, _node);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The set expires by itself.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sharing agent presence through Redis failed; this node counts only its own agents until it answers: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
