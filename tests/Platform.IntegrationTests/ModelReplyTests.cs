namespace Platform.IntegrationTests;

public sealed class ModelReplyTests
{
    [Fact]
    public async Task CorruptModelFolder_ServerStillStartsAndAnswersExtractively()
    {
        var folder = PlatformServer.NewDataFolder();
        var model = Path.Combine(folder, "broken-model");
        Directory.CreateDirectory(model);
        await File.WriteAllTextAsync(Path.Combine(model, "model.onnx"), "not a model");
        await File.WriteAllTextAsync(Path.Combine(model, "config.json"), "{ \"model_type\": ");

        await using var server = await PlatformServer.StartAsync(folder, new Dictionary<string, string?> { ["Platform:Model:Path"] = model });
        var conversation = await server.Api.CreateConversationAsync();
        var response = await server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how much do i need to spend to get free shipping?");

        Assert.Equal("extractive", response.Reply.Source);
        Assert.NotEmpty(response.Reply.Citations);

        var readiness = await server.Http.GetStringAsync("readyz");
        Assert.Contains("Degraded", readiness, StringComparison.Ordinal);
        Assert.Contains("config.json is not valid JSON", readiness, StringComparison.Ordinal);
    }
}
