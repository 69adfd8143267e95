using Platform.Data.Export;
using Platform.Domain.Conversations;
using Platform.Domain.Training;
using Platform.TestSupport;

namespace Platform.Data.Tests;

public sealed class TranscriptExportReaderTests
{
    private static readonly DateTime Start = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task ReadConversations_PagesThroughEverythingOnceInIdOrder_WithMessagesInSequence()
    {
        await using var database = await TestDatabase.CreateAsync();
        var count = (2 * TranscriptExportReader.PageSize) + 17;
        await using (var db = database.CreateDbContext())
        {
            for (var i = 0; i < count; i++)
            {
                var id = Guid.NewGuid();
                db.Conversations.Add(new Conversation { Id = id, VisitorId = "v", CreatedAt = Start.AddMinutes(i), UpdatedAt = Start.AddMinutes(i), SatisfactionScore = i % 5 + 1 });
                db.Messages.Add(new Message { Id = Guid.NewGuid(), ConversationId = id, Seq = 2, Role = MessageRole.Bot, Text = $"answer {i}", CreatedAt = Start });
                db.Messages.Add(new Message { Id = Guid.NewGuid(), ConversationId = id, Seq = 1, Role = MessageRole.Visitor, Text = $"question {i}", CreatedAt = Start });
            }

            await db.SaveChangesAsync();
        }

        var reader = new TranscriptExportReader(database);
        var all = await reader.ReadConversationsAsync(new ExportFilter(), CancellationToken.None).ToListAsync();
        var rated = await reader.ReadConversationsAsync(new ExportFilter(Rating: 5), CancellationToken.None).ToListAsync();
        var window = await reader.ReadConversationsAsync(new ExportFilter(From: Start.AddMinutes(10), To: Start.AddMinutes(20)), CancellationToken.None).ToListAsync();

        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Select(c => c.Conversation.Id).Distinct().Count());
        Assert.Equal(all.Select(c => c.Conversation.Id).Order(), all.Select(c => c.Conversation.Id));
        Assert.All(all, c => Assert.Equal([MessageRole.Visitor, MessageRole.Bot], c.Messages.Select(m => m.Role)));
        Assert.Equal(count / 5, rated.Count);
        Assert.Equal(10, window.Count);
    }

    [Fact]
    public async Task ApprovedCorrectionsTravelWithTheirConversation_AndOnlyApprovedExamplesAreRead()
    {
        await using var database = await TestDatabase.CreateAsync();
        var conversation = Guid.NewGuid();
        var question = Guid.NewGuid();
        var reply = Guid.NewGuid();
        var promoted = Guid.NewGuid();
        await using (var db = database.CreateDbContext())
        {
            db.Conversations.Add(new Conversation { Id = conversation, VisitorId = "v", CreatedAt = Start, UpdatedAt = Start });
            db.Messages.AddRange(
                new Message { Id = question, ConversationId = conversation, Seq = 1, Role = MessageRole.Visitor, Text = "q", CreatedAt = Start },
                new Message { Id = reply, ConversationId = conversation, Seq = 2, Role = MessageRole.Bot, Text = "wrong", CreatedAt = Start },
                new Message { Id = promoted, ConversationId = conversation, Seq = 3, Role = MessageRole.Agent, Text = "agent", CreatedAt = Start });
            db.TrainingExamples.AddRange(
                new TrainingExample { Id = Guid.CreateVersion7(), ConversationId = conversation, MessageId = reply, Kind = TrainingExampleKind.Correction, Question = "q", Rejected = "wrong", Chosen = "right", Status = TrainingExampleStatus.Approved, CreatedBy = "a", CreatedAt = Start },
                new TrainingExample { Id = Guid.CreateVersion7(), ConversationId = conversation, MessageId = promoted, Kind = TrainingExampleKind.AgentReply, Question = "q", Chosen = "agent", Status = TrainingExampleStatus.Pending, CreatedBy = "a", CreatedAt = Start });
            await db.SaveChangesAsync();
        }

        var reader = new TranscriptExportReader(database);
        var exported = Assert.Single(await reader.ReadConversationsAsync(new ExportFilter(), CancellationToken.None).ToListAsync());
        var approved = await reader.ReadApprovedExamplesAsync(new ExportFilter(), correctionsOnly: false, CancellationToken.None).ToListAsync();

        Assert.Equal("right", exported.ApprovedCorrections[reply].Chosen);
        Assert.Equal("right", Assert.Single(approved).Example.Chosen);
    }
}
