using Platform.Conversations.Replies;
using Platform.Domain.Conversations;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Tests;

public sealed class ClarifyingChoicesTests
{
    private static readonly Guid Faq = Guid.NewGuid();
    private static readonly Guid Policy = Guid.NewGuid();

    private const double Ask = 0.02;
    private const double Follow = 0.04;

    [Fact]
    public void Settle_ARivalLeadingTheFirstByMoreThanTheClarifyMargin_OffersTheFirstAndTheRival()
    {
        var passages = new[]
        {
            Passage(1, Faq, "How long do I have to return something?", 0.69),
            Passage(2, Faq, "Is return shipping free?", 0.70),
            Passage(3, Faq, "When will I get my refund?", 0.72),
        };

        var settled = ClarifyingChoices.Settle(passages, among: 3, Ask, Follow);

        Assert.NotNull(settled.Choices);
        Assert.Equal([1L, 3L], settled.Choices.Select(c => c.ChunkId));
        Assert.Equal([1L, 2L, 3L], settled.Passages.Select(c => c.ChunkId));
    }

    [Fact]
    public void Settle_ARivalLeadingByMoreThanTheFollowMargin_AnswersFromTheRival()
    {
        var passages = new[] { Passage(1, Faq, "A?", 0.66), Passage(2, Faq, "B?", 0.65), Passage(3, Faq, "C?", 0.77) };

        var settled = ClarifyingChoices.Settle(passages, among: 3, Ask, Follow);

        Assert.Null(settled.Choices);
        Assert.Equal([3L, 1L, 2L], settled.Passages.Select(c => c.ChunkId));
    }

    [Fact]
    public void Settle_FollowMarginZero_AsksAtAnyLead()
    {
        var passages = new[] { Passage(1, Faq, "A?", 0.5), Passage(2, Faq, "B?", 0.9) };

        Assert.NotNull(ClarifyingChoices.Settle(passages, among: 3, Ask, followMargin: 0).Choices);
    }

    [Theory]
    [InlineData(0.71)] // the first is the closest
    [InlineData(0.70)] // a rival leads, but by less than the clarify margin
    public void Settle_NoRivalLeadsTheFirstByMoreThanTheClarifyMargin_KeepsTheRanking(double firstSimilarity)
    {
        var passages = new[] { Passage(1, Faq, "A?", firstSimilarity), Passage(2, Faq, "B?", 0.715) };

        var settled = ClarifyingChoices.Settle(passages, among: 3, Ask, Follow);

        Assert.Null(settled.Choices);
        Assert.Same(passages, settled.Passages);
    }

    [Fact]
    public void Disagreement_RivalBeyondThePassagesConsidered_IsIgnored()
    {
        var passages = new[] { Passage(1, Faq, "A?", 0.6), Passage(2, Faq, "B?", 0.6), Passage(3, Faq, "C?", 0.9) };

        Assert.Null(ClarifyingChoices.Disagreement(passages, among: 2));
    }

    [Fact]
    public void Disagreement_RivalFromTheSameEntry_IsNoRival()
    {
        var passages = new[] { Passage(1, Policy, "Refunds", 0.6), Passage(2, Policy, "Refunds", 0.8) };

        Assert.Null(ClarifyingChoices.Disagreement(passages, among: 3));
    }

    [Fact]
    public void Disagreement_FirstWithoutACosine_IsNone_AndRivalsWithoutOneAreSkipped()
    {
        Assert.Null(ClarifyingChoices.Disagreement([Passage(1, Faq, "A?", null), Passage(2, Faq, "B?", 0.9)], among: 3));
        Assert.Null(ClarifyingChoices.Disagreement([Passage(1, Faq, "A?", 0.5), Passage(2, Faq, "B?", null)], among: 3));
    }

    [Fact]
    public void Settle_BothMarginsZero_NeverChangesTheRanking()
    {
        var passages = new[] { Passage(1, Faq, "A?", 0.1), Passage(2, Faq, "B?", 0.9) };

        var settled = ClarifyingChoices.Settle(passages, among: 3, clarifyMargin: 0, followMargin: 0);

        Assert.Null(settled.Choices);
        Assert.Same(passages, settled.Passages);
    }

    [Theory]
    [InlineData("Returns FAQ", "How do I start a return?", "How do I start a return?")]
    [InlineData("Returns FAQ", "Common questions > Is the pack waterproof?", "Is the pack waterproof?")]
    [InlineData("Return Policy", "Return Policy > Refunds", "Return Policy: Refunds")]
    [InlineData("Ridgeline 40L Backpack", "", "Ridgeline 40L Backpack")]
    [InlineData("Warranty", "Warranty", "Warranty")]
    public void Label_IsTheEntrysQuestion_OrTheDocumentAndItsSection(string title, string headingPath, string expected) =>
        Assert.Equal(expected, ClarifyingChoices.Label(title, headingPath));

    [Fact]
    public void Reply_ListsEachChoiceOnALineOfItsOwn_AfterTheQuestion()
    {
        var reply = ClarifyingChoices.Reply([Passage(1, Faq, "When will I get my refund?", 0.7), Passage(2, Policy, "Return Policy > Refunds", 0.6, "Return Policy")]);

        Assert.Equal(ClarifyingChoices.Question + "\n\n- When will I get my refund?\n- Return Policy: Refunds", reply);
    }

    [Fact]
    public void Picked_TheLabelOfAChoice_AfterTheBotAsked_IsThatChoicesChunk()
    {
        var asked = Asked(ReplySource.Clarify);

        Assert.Equal(12L, ClarifyingChoices.Picked(asked, "  when will I get my REFUND?  "));
        Assert.Equal(34L, ClarifyingChoices.Picked(asked, "Return Policy: Refunds"));
    }

    [Fact]
    public void Picked_AnyOtherMessage_OrAfterAReplyThatDidNotAsk_IsNothing()
    {
        Assert.Null(ClarifyingChoices.Picked(Asked(ReplySource.Clarify), "and how long does shipping take?"));
        Assert.Null(ClarifyingChoices.Picked(Asked(ReplySource.Clarify), " "));
        Assert.Null(ClarifyingChoices.Picked(Asked(ReplySource.Extractive), "When will I get my refund?"));
        Assert.Null(ClarifyingChoices.Picked(null, "When will I get my refund?"));
    }

    private static Message Asked(ReplySource source) => new()
    {
        Role = MessageRole.Bot,
        Text = "asked",
        Source = source,
        Citations =
        [
            new Citation { ChunkId = 12, Title = "Returns FAQ", Source = "faq/returns.md", HeadingPath = "When will I get my refund?", Snippet = "" },
            new Citation { ChunkId = 34, Title = "Return Policy", Source = "policies/return-policy.md", HeadingPath = "Return Policy > Refunds", Snippet = "" },
        ],
    };

    private static RetrievedPassage Passage(long chunkId, Guid documentId, string headingPath, double? similarity, string title = "Returns FAQ") =>
        new(chunkId, documentId, title, "kb/doc.md", headingPath, "text", "snippet", Score: 1.0 / chunkId) { Similarity = similarity };
}
