using Platform.TestSupport;

namespace Platform.IntegrationTests;

/// <summary>
/// A web node whose replies come from another node's model (<c>Platform:Model:Endpoint</c>) over that node's
/// <c>/v1/chat/completions</c>: two processes, real HTTP, the shipped model on the model node.
/// </summary>
public sealed class ModelEndpointTests
{
    private const string Key = "model-node-key";

    private static Task<ServerProcess> StartModelNodeAsync() => ServerProcess.StartAsync(
        new Dictionary<string, string?>
        {
            ["Platform:Model:Path"] = Path.Combine(RepositoryPaths.Root, "models", "support-gpt"),
            ["Platform:Model:ExecutionProvider"] = "cpu",
            ["Platform:Model:Serve:ApiKeys:0"] = Key,
        },
        TimeSpan.FromSeconds(90));

    private static Dictionary<string, string?> WebNode(Uri modelNode, string key) => new()
    {
        ["Platform:Model:Endpoint"] = new Uri(modelNode, "v1").ToString(),
        ["Platform:Model:EndpointApiKey"] = key,
        ["Platform:Model:EndpointModel"] = "support-gpt",
        ["Platform:Conversations:GenerationTimeoutSeconds"] = "60",
    };

    [Fact]
    public async Task Reply_IsGeneratedByTheModelNode_AndCitesTheWebNodesPassages()
    {
        await using var modelNode = await StartModelNodeAsync();
        await using var web = await PlatformServer.StartAsync(settings: WebNode(modelNode.BaseUrl, Key));

        var conversation = await web.Api.CreateConversationAsync();
        var response = await web.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how long does standard shipping take?");

        var reply = (await web.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken))[^1];
        Assert.Equal(response.Reply.MessageId, reply.Id);
        Assert.True(reply.Model == "support-gpt" && reply.Source == "generated", $"{reply.Source} by {reply.Model}: {reply.Text}\n{modelNode.OutputTail()}");
        Assert.NotEmpty(response.Reply.Citations);
        Assert.Contains("Replies come from support-gpt at http://127.0.0.1:", await web.Http.GetStringAsync("readyz"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_OrAModelNodeThatIsGone_FallsBackToTheExtractiveAnswer_AndLosesNothing()
    {
        await using var modelNode = await StartModelNodeAsync();
        await using var web = await PlatformServer.StartAsync(settings: WebNode(modelNode.BaseUrl, "not-the-key"));
        var conversation = await web.Api.CreateConversationAsync();

        var refused = await web.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how long does standard shipping take?");
        await modelNode.KillAsync();
        var gone = await web.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "what is your return window?");

        Assert.Equal("extractive", refused.Reply.Source);
        Assert.NotEmpty(refused.Reply.Citations);
        Assert.Equal("extractive", gone.Reply.Source);
        Assert.NotEmpty(gone.Reply.Citations);
        var transcript = await web.Api.GetMessagesAsync(conversation.Id, conversation.VisitorToken);
        Assert.Equal(4, transcript.Count(m => m.Role is "visitor" or "bot"));
    }
}
