using Platform.Data.Conversations;
using Platform.Domain.Conversations;
using Platform.TestSupport;

namespace Platform.Data.Tests;

public sealed class ConversationStoreTests
{
    private static Message VisitorMessage(Guid conversationId, string text, string? clientMessageId = null) => new()
    {
        ConversationId = conversationId,
        Role = MessageRole.Visitor,
        Text = text,
        ClientMessageId = clientMessageId,
    };

    [Fact]
    public async Task Append_SameClientMessageIdTwice_StoresOneMessage()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new ConversationStore(database, TimeProvider.System);
        var conversation = await store.CreateConversationAsync("v_1", null, CancellationToken.None);

        var first = await store.AppendAsync(VisitorMessage(conversation.Id, "hello", "c-1"), CancellationToken.None);
        var second = await store.AppendAsync(VisitorMessage(conversation.Id, "hello again", "c-1"), CancellationToken.None);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Message.Id, second.Message.Id);
        var stored = Assert.Single(await store.GetMessagesAsync(conversation.Id, CancellationToken.None));
        Assert.Equal("hello", stored.Text);
    }

    [Fact]
    public async Task Append_ConcurrentWriters_GetDistinctConsecutiveSequenceNumbers()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new ConversationStore(database, TimeProvider.System);
        var conversation = await store.CreateConversationAsync("v_1", null, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => store.AppendAsync(VisitorMessage(conversation.Id, $"message {i}", $"c-{i}"), CancellationToken.None))));

        var messages = await store.GetMessagesAsync(conversation.Id, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task Append_ConcurrentRetriesOfOneClientMessageId_StoreOneMessage()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new ConversationStore(database, TimeProvider.System);
        var conversation = await store.CreateConversationAsync("v_1", null, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => store.AppendAsync(VisitorMessage(conversation.Id, "same", "retry-me"), CancellationToken.None))));

        Assert.Single(results, r => !r.Duplicate);
        Assert.Single(await store.GetMessagesAsync(conversation.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Append_ToUnknownConversation_ThrowsAndStoresNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new ConversationStore(database, TimeProvider.System);
        var unknown = Guid.NewGuid();

        await Assert.ThrowsAsync<ConversationNotFoundException>(() => store.AppendAsync(VisitorMessage(unknown, "hi"), CancellationToken.None));

        await using var db = database.CreateDbContext();
        Assert.Empty(db.Messages);
    }

    [Fact]
    public async Task Append_StoresCitationsAndReadsThemBack()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new ConversationStore(database, TimeProvider.System);
        var conversation = await store.CreateConversationAsync("v_1", null, CancellationToken.None);
        var reply = new Message
        {
            ConversationId = conversation.Id,
            Role = MessageRole.Bot,
            Text = "Orders over $75 ship free.",
            Citations = [new Citation { DocumentId = Guid.NewGuid(), ChunkId = 7, Title = "Shipping FAQ", Source = "faq/shipping.md", Snippet = "ship free", Score = 3.2 }],
        };

        await store.AppendAsync(reply, CancellationToken.None);

        var stored = Assert.Single(await store.GetMessagesAsync(conversation.Id, CancellationToken.None));
        var citation = Assert.Single(stored.Citations);
        Assert.Equal("faq/shipping.md", citation.Source);
        Assert.Equal(7, citation.ChunkId);
    }
}
