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
    public async Task AVisitorsMessageBudget_IsOneAcrossNodes_NotOnePerNode()
    {
        var redis = await RedisServer.GetAsync();
        var data = PlatformServer.NewDataFolder();
        var settings = Shared(redis.Configuration);
        settings["Platform:Server:MessagesPerMinute"] = "4";
        await using var nodeA = await PlatformServer.StartAsync(data, settings);
        await using var nodeB = await PlatformServer.StartAsync(data, settings);
        var conversation = await nodeA.Api.CreateConversationAsync();

        for (var i = 0; i < 4; i++)
        {
            var node = i % 2 == 0 ? nodeA : nodeB;
            await node.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how long does standard shipping take?", $"b{i}");
        }

        // Two messages on each node: four of four. The fifth is refused wherever it lands.
        foreach (var node in new[] { nodeA, nodeB })
        {
            var refused = await Assert.ThrowsAsync<Platform.Client.PlatformApiException>(() =>
                node.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "and to canada?", "b-over"));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }
    }

    [PostgresFact]
    public async Task NodeAKilledMidConversation_TheVisitorReconnectsToNodeB_AndNothingAcknowledgedIsLostOrDoubled()
    {
        var redis = await RedisServer.GetAsync();
        var data = PlatformServer.NewDataFolder();
        var settings = Shared(redis.Configuration);
        await using var nodeA = await ServerProcess.StartAsync(settings, TimeSpan.FromSeconds(90), data);
        await using var nodeB = await ServerProcess.StartAsync(settings, TimeSpan.FromSeconds(90), data);
        await using var balancer = new FailoverProxy([nodeA.BaseUrl, nodeB.BaseUrl]);
        using var http = new HttpClient { BaseAddress = balancer.Url };
        var api = new Platform.Client.PlatformApiClient(http);
        var conversation = await api.CreateConversationAsync();

        await using var visitor = new Platform.Client.ChatConnection(balancer.Url, conversation.VisitorToken);
        await visitor.StartAsync();
        await visitor.JoinConversationAsync(conversation.Id);
        var acknowledged = new List<Guid>();
        string[] questions = ["how long does standard shipping take?", "can i return used gear?", "do you ship to canada?", "how do i wash my down jacket?", "what is the warranty on tents?"];
        for (var i = 0; i < 3; i++)
        {
            var sent = await visitor.SendMessageAsync(conversation.Id, $"k{i}", questions[i]);
            acknowledged.Add(sent.MessageId);
            Assert.IsType<ReplyCompletedEvent>((await visitor.ReadReplyAsync(sent.MessageId))[^1]);
        }

        // The widget rejoins when its connection says it reconnected; so does this client. (The state alone still
        // reads Connected for a moment after the kill, before the client has seen the socket close.)
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        visitor.Hub.Reconnected += _ =>
        {
            reconnected.TrySetResult();
            return Task.CompletedTask;
        };

        // SIGKILL node A while a message is in flight: its acknowledgement may or may not have come back.
        var inFlight = visitor.SendMessageAsync(conversation.Id, "k3", questions[3]);
        await nodeA.KillAsync();
        try
        {
            acknowledged.Add((await inFlight).MessageId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or Microsoft.AspNetCore.SignalR.HubException)
        {
            // Not acknowledged: the widget sends it again, as below.
        }

        // The client reconnects through the balancer, which now reaches node B; like the widget, it joins the
        // conversation again and resends what it sent last, under the same client message id.
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await visitor.JoinConversationAsync(conversation.Id);
        var resent = await visitor.SendMessageAsync(conversation.Id, "k3", questions[3]);
        acknowledged.Add(resent.MessageId);
        var last = await visitor.SendMessageAsync(conversation.Id, "k4", questions[4]);
        acknowledged.Add(last.MessageId);

        // Every visitor message once, in order, each with exactly one reply (node B answers what node A did not).
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var transcript = await api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
            var fromVisitor = transcript.Where(m => m.Role == "visitor").ToList();
            var replies = transcript.Where(m => m.Role == "bot" && m.InReplyToId is not null).GroupBy(m => m.InReplyToId).ToDictionary(g => g.Key!.Value, g => g.Count());
            var complete = fromVisitor.All(m => replies.ContainsKey(m.Id));
            if (complete || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Equal(questions, fromVisitor.Select(m => m.Text));
                Assert.All(acknowledged, id => Assert.Contains(fromVisitor, m => m.Id == id));
                Assert.Equal(transcript.Count, transcript.Select(m => m.Seq).Distinct().Count());
                Assert.All(fromVisitor, m => Assert.Equal(1, replies.GetValueOrDefault(m.Id)));
                break;
            }

            await Task.Delay(250);
        }
    }

    [PostgresFact]
    public async Task ANodeThatLosesRedis_IsNotReadyAndSaysWhy_AndIsReadyAgainWhenRedisReturns()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var node = await PlatformServer.StartAsync(settings: Shared(redis.Configuration));
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(node, "redis")).Status);

        await redis.StopAsync();
        var down = await WaitForCheckAsync(node, "redis", HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Redis at", down, StringComparison.Ordinal);
        Assert.Contains("does not answer", down, StringComparison.Ordinal);

        // Without Redis the node still answers a visitor over REST and stores both sides: what the store
        // acknowledged is never lost because the backplane is gone.
        var conversation = await node.Api.CreateConversationAsync();
        var answered = await node.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how long does standard shipping take?", "r1");

        await redis.RestartAsync();
        var back = await WaitForCheckAsync(node, "redis", HttpStatusCode.OK);
        Assert.Contains("answers in", back, StringComparison.Ordinal);
        var transcript = await node.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.Contains(transcript, m => m.Id == answered.Message.Id);
        Assert.Contains(transcript, m => m.Id == answered.Reply.MessageId);
    }

    [PostgresFact]
    public async Task ANodeCutOffFromPostgres_IsNotReadyAndSaysWhy_RefusesWhatItCannotStore_AndRecoversByItself()
    {
        var data = PlatformServer.NewDataFolder();
        var store = await TestStoreSettings.ForAsync(data);
        var direct = new Npgsql.NpgsqlConnectionStringBuilder(store["Platform:Database:ConnectionString"]);
        await using var network = new FailoverProxy([new Uri($"http://{direct.Host}:{direct.Port}/")]);
        direct.Port = network.Port;
        await using var node = await PlatformServer.StartAsync(data, new Dictionary<string, string?> { ["Platform:Database:ConnectionString"] = direct.ConnectionString });
        var conversation = await node.Api.CreateConversationAsync();
        var before = await node.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how long does standard shipping take?", "p1");

        await network.CutAsync();
        var down = await WaitForCheckAsync(node, "database", HttpStatusCode.ServiceUnavailable);
        Assert.Contains("PostgreSQL at", down, StringComparison.Ordinal);
        Assert.Contains("does not answer", down, StringComparison.Ordinal);
        // Nothing can be stored, so nothing is acknowledged: the visitor gets an error, not a reply that would vanish.
        await Assert.ThrowsAnyAsync<Exception>(() => node.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "can i return used gear?", "p2"));

        network.Restore();
        await WaitForCheckAsync(node, "database", HttpStatusCode.OK);
        var after = await node.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "can i return used gear?", "p2");
        var transcript = await node.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.Equal(
            [before.Message.Id, before.Reply.MessageId, after.Message.Id, after.Reply.MessageId],
            transcript.Select(m => m.Id));
    }

    /// <summary>The readiness status and what the named check said.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> CheckAsync(PlatformServer node, string check)
    {
        using var response = await node.Http.GetAsync("readyz");
        var body = await response.Content.ReadAsStringAsync();
        var description = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty(check).GetProperty("description").GetString() ?? string.Empty;
        return (response.StatusCode, description);
    }

    private static async Task<string> WaitForCheckAsync(PlatformServer node, string check, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ready = await CheckAsync(node, check);
            if (ready.Status == expected || clock.Elapsed > TimeSpan.FromSeconds(45))
            {
                Assert.Equal(expected, ready.Status);
                return ready.Body;
            }

            await Task.Delay(250);
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
