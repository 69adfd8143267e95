using Platform.Contracts.Hubs;
using Platform.Inference.Templates;
using Platform.TestSupport;

namespace Platform.IntegrationTests;

/// <summary>The server as the README's run command starts it: with the model shipped in <c>models/support-gpt</c>.</summary>
public sealed class ShippedModelTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Platform:Model:Path"] = Path.Combine(RepositoryPaths.Root, "models", "support-gpt"),
        ["Platform:Model:ExecutionProvider"] = "cpu",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("How do I wash my down jacket?")]
    [InlineData("how long does standard shipping take?")]
    [InlineData("what is your return policy for used gear?")]
    public async Task SampleQuestion_IsAnsweredByTheModel_StreamedTokenByToken_AndGroundedInTheCitedPassages(string question)
    {
        var visitor = await _server.Api.CreateConversationAsync();
        await using var chat = _server.Connect(visitor.VisitorToken);
        await chat.StartAsync();
        var started = await chat.StartConversationAsync();
        using var timeout = new CancellationTokenSource(Patience);

        var ack = await chat.SendMessageAsync(started.ConversationId, "m-1", question, timeout.Token);
        var events = await chat.ReadReplyAsync(ack.MessageId, timeout.Token);

        var completed = Assert.IsType<ReplyCompletedEvent>(events[^1]);
        var deltas = events.OfType<ReplyDeltaEvent>().ToList();
        Assert.Equal("support-gpt", completed.Message.Model);
        Assert.Equal("generated", completed.Message.Source);
        Assert.NotEmpty(deltas);
        Assert.Equal(completed.Message.Text, string.Concat(deltas.Select(d => d.Text)).Trim());
        Assert.NotEmpty(completed.Message.Citations);
        var transcript = await _server.Api.GetMessagesAsync(started.ConversationId, visitor.VisitorToken);
        Assert.Equal("generated", transcript[^1].Source);

        // Independently of the server's own grounding check: every statement in the reply is a sentence of the knowledge base.
        var statements = SentenceSplitter.Split(completed.Message.Text).Where(s => s.Split(' ').Length >= 5).ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.Contains(s, KnowledgeBaseText.Value, StringComparison.Ordinal));
    }

    private static readonly Lazy<string> KnowledgeBaseText = new(() => string.Join(
        "\n",
        Directory.EnumerateFiles(RepositoryPaths.SampleKnowledgeBase, "*.md", SearchOption.AllDirectories)
            .SelectMany(f => SentenceSplitter.Split(File.ReadAllText(f)))));

    [Fact]
    public async Task Readiness_SaysWhichModelRunsWhere()
    {
        var readiness = await _server.Http.GetStringAsync("readyz");

        Assert.Contains("Model support-gpt runs on cpu", readiness, StringComparison.Ordinal);
    }
}
