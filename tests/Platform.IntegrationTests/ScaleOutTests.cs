using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Agents;
using Platform.Contracts.Hubs;
using Platform.Conversations.Handoffs;
using Platform.TestSupport;
using Platform.TestSupport.Servers;

namespace Platform.IntegrationTests;

/// <summary>
/// Two server nodes on one PostgreSQL database and one Redis, both real and private to the test run: what a visitor
/// and an agent on different nodes see, and what a node says when Redis goes away and comes back.
/// </summary>
public sealed class ScaleOutTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static Dictionary<string, string?> Shared(string redis) => new()
    {
        ["Platform:Redis:Configuration"] = redis,
        // Each test its own prefix on the shared Redis: its nodes' groups, keys and presence meet no other test's.
        ["Platform:Redis:Prefix"] = "it-" + Guid.NewGuid().ToString("N")[..12],
        ["Platform:Redis:PresenceTtlSeconds"] = "3",
    };

    [PostgresFact]
    public async Task AVisitorOnNodeA_AndAnAgentOnNodeB_TalkLive_AndNodeAsVisitorTokenWorksOnNodeB()
    {
        var redis = await RedisServer.GetAsync();
        var data = PlatformServer.NewDataFolder();
        var settings = Shared(redis.Configuration);
        await using var nodeA = await PlatformServer.StartAsync(data, settings);
        await using var nodeB = await PlatformServer.StartAsync(data, settings);
        await using var agent = await AgentClient.ConnectAsync(nodeB, "two-nodes@example.test", Wait);
        await WaitUntilAsync(() => nodeA.Services.GetRequiredService<IAgentAvailability>().AnyAgentOnline, "node A to see node B's agent");

        var conversation = await nodeA.Api.CreateConversationAsync();
        await using var visitor = nodeA.Connect(conversation.VisitorToken);
        await visitor.StartAsync();
        await visitor.JoinConversationAsync(conversation.Id);

        // Handed off on node A; queued to the agent on node B, and told a person is coming (B's agent is online).
        var ask = await visitor.SendMessageAsync(conversation.Id, "m1", "I'd like to speak with a human please");
        var handedOff = Assert.IsType<ReplyCompletedEvent>((await visitor.ReadReplyAsync(ask.MessageId))[^1]);
        Assert.True(handedOff.Handoff);
        Assert.Contains("connecting you with a person", handedOff.Message.Text, StringComparison.Ordinal);
        var queued = await agent.NextAsync<HandoffDto>(nameof(IAgentConsoleClient.HandoffQueued));
        Assert.Equal(conversation.Id, queued.ConversationId);

        var accepted = await agent.Connection.InvokeAsync<AcceptResult>(AgentHubContract.Accept, queued.Id);
        Assert.Contains(accepted.Transcript, m => m.Text == "I'd like to speak with a human please");
        Assert.Equal("agent", (await visitor.NextAsync<OwnerChangedEvent>()).State);

        await agent.Connection.InvokeAsync(AgentHubContract.Send, queued.Id, "Hi, this is Sam on the other node.");
        Assert.Equal("Hi, this is Sam on the other node.", (await visitor.NextAsync<ConversationMessageEvent>()).Message.Text);

        await visitor.SendMessageAsync(conversation.Id, "m2", "my stove leaks fuel");
        var relayed = await agent.NextAsync<ConversationMessageEvent>(nameof(IAgentConsoleClient.VisitorMessage));
        Assert.Equal("my stove leaks fuel", relayed.Message.Text);

        // The token node A issued opens the same conversation on node B: one key ring, one store.
        var onB = await nodeB.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.Equal(
            ["I'd like to speak with a human please", handedOff.Message.Text, "Hi, this is Sam on the other node.", "my stove leaks fuel"],
            onB.Where(m => m.Role != "system").Select(m => m.Text));
        Assert.Equal(onB.Count, onB.Select(m => m.Seq).Distinct().Count());
    }

    [PostgresFact]
    public async Task ANodeThatLosesRedis_IsNotReadyAndSaysWhy_AndIsReadyAgainWhenRedisReturns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var node = await PlatformServer.StartAsync(settings: Shared(redis.Configuration));
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(node)).Status);

        await redis.StopAsync();
        var down = await WaitForReadyAsync(node, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Redis at", down.Body, StringComparison.Ordinal);
        Assert.Contains("does not answer", down.Body, StringComparison.Ordinal);

        await redis.RestartAsync();
        var back = await WaitForReadyAsync(node, HttpStatusCode.OK);
        Assert.Contains("answers in", back.Body, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadyAsync(PlatformServer node)
    {
        using var response = await node.Http.GetAsync("readyz");
        var body = await response.Content.ReadAsStringAsync();
        var redis = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString() ?? string.Empty;
        return (response.StatusCode, redis);
    }

    private static async Task<(HttpStatusCode Status, string Body)> WaitForReadyAsync(PlatformServer node, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ready = await ReadyAsync(node);
            if (ready.Status == expected || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Equal(expected, ready.Status);
                return ready;
            }

            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Wait, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
