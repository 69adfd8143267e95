using Platform.Data.Analytics;
using Platform.Domain.Conversations;
using Platform.Domain.Feedback;
using Platform.Domain.Handoffs;
using Platform.TestSupport;

namespace Platform.Data.Tests;

/// <summary>The transcripts browser and the dashboard figures, over a real migrated SQLite file.</summary>
public sealed class AnalyticsTests
{
    private static readonly DateTime Day1 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Day2 = Day1.AddDays(1);

    /// <summary>
    /// Three chats on day 1 (answered, unanswered, handed off and rated 2) and one on day 2 (answered, rated 5, thumbs up).
    /// </summary>
    private static async Task<(Guid Answered, Guid Unanswered, Guid HandedOff, Guid Later)> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        Guid Chat(DateTime at, int? rating = null)
        {
            var conversation = new Conversation { Id = Guid.NewGuid(), VisitorId = "v", CreatedAt = at, UpdatedAt = at, SatisfactionScore = rating };
            db.Conversations.Add(conversation);
            return conversation.Id;
        }

        Message Say(Guid conversation, long seq, MessageRole role, string text, DateTime at, ReplySource? source = null, int? latency = null, Guid? inReplyTo = null, string? model = null)
        {
            var message = new Message { Id = Guid.NewGuid(), ConversationId = conversation, Seq = seq, Role = role, Text = text, CreatedAt = at, Source = source, LatencyMs = latency, InReplyToId = inReplyTo, Model = model };
            db.Messages.Add(message);
            return message;
        }

        var answered = Chat(Day1);
        var q1 = Say(answered, 1, MessageRole.Visitor, "How long does shipping take?", Day1);
        Say(answered, 2, MessageRole.Bot, "Three to five days.", Day1, ReplySource.Extractive, 100, q1.Id, "extractive");

        var unanswered = Chat(Day1.AddHours(1));
        var q2 = Say(unanswered, 1, MessageRole.Visitor, "Do you sell kayaks?", Day1.AddHours(1));
        Say(unanswered, 2, MessageRole.Bot, "I couldn't find an answer.", Day1.AddHours(1), ReplySource.NoAnswer, 300, q2.Id, "extractive");

        var handedOff = Chat(Day1.AddHours(2), rating: 2);
        var q3 = Say(handedOff, 1, MessageRole.Visitor, "I want a refund for a double charge", Day1.AddHours(2));
        Say(handedOff, 2, MessageRole.Bot, "Connecting you.", Day1.AddHours(2), ReplySource.Handoff, 200, q3.Id, "extractive");
        Say(handedOff, 3, MessageRole.Note, "Checked the payment log", Day1.AddHours(3));
        db.Handoffs.Add(new Handoff { Id = Guid.NewGuid(), ConversationId = handedOff, Reason = HandoffReason.AlwaysHumanTopic, Detail = "billing", Status = HandoffStatus.Resolved, RequestedAt = Day1.AddHours(2) });

        var later = Chat(Day2, rating: 5);
        var q4 = Say(later, 1, MessageRole.Visitor, "  how long does SHIPPING take?", Day2);
        var reply = Say(later, 2, MessageRole.Bot, "Three to five days.", Day2, ReplySource.Generated, 900, q4.Id, "support-gpt");
        db.Feedback.Add(new MessageFeedback { Id = Guid.NewGuid(), MessageId = reply.Id, Rating = FeedbackRating.Up, CreatedAt = Day2 });

        await db.SaveChangesAsync();
        return (answered, unanswered, handedOff, later);
    }

    [Fact]
    public async Task Search_FiltersByOutcomeRatingReasonDateAndText()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (answered, unanswered, handedOff, later) = await SeedAsync(database);
        var search = new TranscriptSearch(database);

        var all = await search.SearchAsync(new TranscriptFilter(), CancellationToken.None);
        Assert.Equal(4, all.Total);
        Assert.Equal([later, handedOff, unanswered, answered], all.Items.Select(i => i.Id));
        var handedOffSummary = all.Items.Single(i => i.Id == handedOff);
        Assert.Equal(ConversationOutcome.HandedOff, handedOffSummary.Outcome);
        Assert.Equal(HandoffReason.AlwaysHumanTopic, handedOffSummary.HandoffReason);
        Assert.Equal(2, handedOffSummary.Messages); // the internal note is not counted as part of the chat
        Assert.Equal("I want a refund for a double charge", handedOffSummary.FirstQuestion);

        Assert.Equal([unanswered], (await search.SearchAsync(new TranscriptFilter(Outcome: ConversationOutcome.Unanswered), CancellationToken.None)).Items.Select(i => i.Id));
        Assert.Equal([later, answered], (await search.SearchAsync(new TranscriptFilter(Outcome: ConversationOutcome.Answered), CancellationToken.None)).Items.Select(i => i.Id));
        Assert.Equal([later], (await search.SearchAsync(new TranscriptFilter(Rating: 5), CancellationToken.None)).Items.Select(i => i.Id));
        Assert.Equal([handedOff], (await search.SearchAsync(new TranscriptFilter(HandoffReason: HandoffReason.AlwaysHumanTopic), CancellationToken.None)).Items.Select(i => i.Id));
        Assert.Equal([later], (await search.SearchAsync(new TranscriptFilter(From: Day2.Date), CancellationToken.None)).Items.Select(i => i.Id));
        Assert.Equal([later, answered], (await search.SearchAsync(new TranscriptFilter(Text: "shipping"), CancellationToken.None)).Items.Select(i => i.Id));

        // LIKE wildcards in the search text are literal.
        Assert.Equal(0, (await search.SearchAsync(new TranscriptFilter(Text: "%"), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Get_ReturnsNotesHandoffsAndFeedback_AndNullForAnUnknownId()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (_, _, handedOff, later) = await SeedAsync(database);
        var search = new TranscriptSearch(database);

        var detail = await search.GetAsync(handedOff, CancellationToken.None);
        Assert.NotNull(detail);
        Assert.Equal([MessageRole.Visitor, MessageRole.Bot, MessageRole.Note], detail.Messages.Select(m => m.Role));
        Assert.Single(detail.Handoffs);
        Assert.Single((await search.GetAsync(later, CancellationToken.None))!.Feedback);
        Assert.Null(await search.GetAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Report_CountsDaysSatisfactionQuestionsLatencyReasonsAndModels()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedAsync(database);
        var analytics = new ConversationAnalytics(database);

        var report = await analytics.GetAsync(Day1.Date, Day2.Date.AddDays(1), CancellationToken.None);

        Assert.Equal(
            [new DailyConversations(DateOnly.FromDateTime(Day1), 3, 2, 1), new DailyConversations(DateOnly.FromDateTime(Day2), 1, 1, 0)],
            report.Days);
        Assert.Equal(new SatisfactionSummary(2, 3.5, 0.5, 1, 0), report.Satisfaction);
        Assert.Equal(new QuestionCount("how long does shipping take?", 2), report.TopQuestions[0]);
        Assert.Equal([new QuestionCount("do you sell kayaks?", 1)], report.Unanswered);
        Assert.Equal([new DailyLatency(DateOnly.FromDateTime(Day1), 3, 200, 300), new DailyLatency(DateOnly.FromDateTime(Day2), 1, 900, 900)], report.Latency);
        Assert.Equal([new ReasonCount(HandoffReason.AlwaysHumanTopic, 1)], report.HandoffReasons);
        Assert.Equal(new ModelUsage("extractive", 3, 200, 0, 0), report.Models[0]);
        Assert.Equal(new ModelUsage("support-gpt", 1, 900, 1, 0), report.Models[1]);

        var empty = await analytics.GetAsync(Day2.AddDays(10), Day2.AddDays(11), CancellationToken.None);
        Assert.Empty(empty.Days);
        Assert.Null(empty.Satisfaction.AverageRating);
    }
}
