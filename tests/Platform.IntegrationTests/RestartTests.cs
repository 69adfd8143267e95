namespace Platform.IntegrationTests;

public sealed class RestartTests
{
    [Fact]
    public async Task RestartedServer_StillHasTheTranscript_AndTheVisitorTokenStillWorks()
    {
        var dataFolder = PlatformServer.NewDataFolder();
        Guid conversationId;
        string token;
        IReadOnlyList<Platform.Contracts.Conversations.MessageDto> before;
        await using (var first = await PlatformServer.StartAsync(dataFolder))
        {
            var visitor = await first.Api.CreateConversationAsync();
            (conversationId, token) = (visitor.Id, visitor.VisitorToken);
            await first.Api.PostMessageAsync(conversationId, token, "How long does shipping take?", "before-restart");
            before = await first.Api.GetMessagesAsync(conversationId, token);
        }

        await using var second = await PlatformServer.StartAsync(dataFolder);
        var after = await second.Api.GetMessagesAsync(conversationId, token);
        var retried = await second.Api.PostMessageAsync(conversationId, token, "How long does shipping take?", "before-restart");

        Assert.Equal(before.Select(m => (m.Id, m.Seq, m.Text)), after.Select(m => (m.Id, m.Seq, m.Text)));
        Assert.True(retried.Duplicate);
        Assert.Equal(2, (await second.Api.GetMessagesAsync(conversationId, token)).Count);
    }
}
