using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Platform.Conversations.Handoffs;
using Platform.Server.Agents;
using Platform.Server.Chat;
using StackExchange.Redis;

namespace Platform.Server.ScaleOut;

/// <summary>
/// What several nodes share through Redis when <c>Platform:Redis:Configuration</c> is set: the SignalR backplane
/// of both hubs (a visitor on one node and an agent on another are in the same groups), the data-protection key
/// ring (a visitor token one node issued is valid on every node), agent presence and each visitor's message budget. The store already serializes
/// what must happen once (a message's sequence number, an ingestion item's claim). Each choice is made when the
/// service is first resolved, from the bound options, so configuration added after composition still counts.
/// </summary>
internal static class RedisScaleOut
{
    public static void AddRedisScaleOut(this IServiceCollection services, ISignalRServerBuilder signalR)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var options = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration);
            // Start even when Redis is down: /readyz says so, and the multiplexer reconnects by itself when it returns.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });

        // The backplane's options; its lifetime manager is only made for the hubs below when Redis is configured.
        signalR.AddStackExchangeRedis();
        services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
            .Configure<IOptions<RedisOptions>, IServiceProvider>((backplane, shared, provider) =>
            {
                backplane.Configuration.ChannelPrefix = RedisChannel.Literal(shared.Value.Prefix);
                backplane.ConnectionFactory = _ => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>());
            });
        LifetimeManagerFor<ChatHub>(services);
        LifetimeManagerFor<AgentHub>(services);

        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<RedisOptions>, IServiceProvider>((keys, shared, provider) =>
            {
                if (shared.Value.IsEnabled)
                {
                    var redis = provider.GetRequiredService<IConnectionMultiplexer>();
                    keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), $"{shared.Value.Prefix}:data-protection-keys");
                }
            });

        services.AddSingleton<RedisVisitorRateLimiter>();
        services.AddSingleton<IVisitorRateLimiter>(provider => provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsEnabled
            ? provider.GetRequiredService<RedisVisitorRateLimiter>()
            : provider.GetRequiredService<VisitorRateLimiter>());
        services.AddSingleton<SharedAgentPresence>();
        services.AddSingleton<IAgentAvailability>(provider => provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsEnabled
            ? provider.GetRequiredService<SharedAgentPresence>()
            : provider.GetRequiredService<AgentPresence>());
        services.AddHostedService(provider => provider.GetRequiredService<SharedAgentPresence>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
    }

    private static void LifetimeManagerFor<THub>(IServiceCollection services)
        where THub : Hub =>
        services.AddSingleton<HubLifetimeManager<THub>>(provider => provider.GetRequiredService<IOptions<RedisOptions>>().Value.IsEnabled
            ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(provider)
            : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(provider));
}

/// <summary>
/// Unhealthy while Redis does not answer a PING: this node can no longer reach the other nodes' visitors and agents.
/// Healthy, and says so, when no Redis is configured.
/// </summary>
internal sealed class RedisHealthCheck(IServiceProvider services, IOptions<RedisOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.IsEnabled)
        {
            return HealthCheckResult.Healthy("No Redis is configured: this node shares nothing with others.");
        }

        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var endpoint = string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()));
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"Redis at {endpoint} answers in {latency.TotalMilliseconds:0.#} ms (prefix '{options.Value.Prefix}').");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis at {endpoint} does not answer: {ex.Message}");
        }
    }
}
