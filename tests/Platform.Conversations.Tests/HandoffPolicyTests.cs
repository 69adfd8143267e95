using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Conversations.Handoffs;
using Platform.Domain.Conversations;
using Platform.Domain.Handoffs;
using Platform.TestSupport;

namespace Platform.Conversations.Tests;

public sealed class HandoffPolicyTests
{
    private readonly HandoffPolicy _policy = new(Options.Create(new HandoffOptions()));

    public static TheoryData<string, bool> PersonRequests()
    {
        var data = new TheoryData<string, bool>();
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.TestData, "handoff", "person-requests.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            data.Add(json.RootElement.GetProperty("text").GetString()!, json.RootElement.GetProperty("asks").GetBoolean());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PersonRequests))]
    public void PersonRequest_EveryPhrasingOfTheTestSet_IsRecognisedAsARequestOrNot(string text, bool asks) =>
        Assert.Equal(asks, PersonRequestDetector.AsksForPerson(text, botOfferedPerson: false));

    [Theory]
    [InlineData("yes please", true)]
    [InlineData("sure", true)]
    [InlineData("yes", false)]
    public void Yes_AfterTheBotOfferedAPerson_IsARequest_AndOtherwiseIsNot(string text, bool offered) =>
        Assert.Equal(offered, PersonRequestDetector.AsksForPerson(text, botOfferedPerson: offered));

    [Fact]
    public void BeforeRetrieval_AskingForAPerson_HandsOffWithThatReason() =>
        Assert.Equal(HandoffReason.VisitorAsked, _policy.BeforeRetrieval(new HandoffSignals("can I talk to a human?", false, 0))!.Reason);

    [Fact]
    public void BeforeRetrieval_AnAlwaysHumanTopic_HandsOffNamingTheTopic()
    {
        var decision = _policy.BeforeRetrieval(new HandoffSignals("I was CHARGED  twice for my order", false, 0));

        Assert.Equal(HandoffReason.AlwaysHumanTopic, decision!.Reason);
        Assert.Contains("charged  twice", decision.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is useless, you stupid bot!!!", true)]
    [InlineData("WHY IS MY ORDER NOT HERE YET, THIS IS RIDICULOUS", true)]
    [InlineData("thanks, that was helpful", false)]
    [InlineData("my tent pole is broken, what do I do?", false)]
    public void BeforeRetrieval_Frustration_HandsOffAboveTheThreshold(string text, bool handsOff)
    {
        var decision = _policy.BeforeRetrieval(new HandoffSignals(text, false, 0));

        Assert.Equal(handsOff, decision?.Reason == HandoffReason.NegativeSentiment);
    }

    [Fact]
    public void AfterRetrieval_OneFailure_OffersAPersonButTheSecondInARowHandsOff()
    {
        Assert.Null(_policy.AfterRetrieval(new HandoffSignals("do you sell kayaks", false, 0, Answerable: false, Confidence: 0.1)));

        var decision = _policy.AfterRetrieval(new HandoffSignals("what about canoes", true, 1, Answerable: false, Confidence: 0.1));

        Assert.Equal(HandoffReason.RepeatedFailure, decision!.Reason);
        Assert.Null(_policy.AfterRetrieval(new HandoffSignals("free shipping?", true, 5, Answerable: true, Confidence: 0.9)));
    }

    [Theory]
    [InlineData(ConversationState.Bot, ConversationState.Queued, true)]
    [InlineData(ConversationState.Queued, ConversationState.Agent, true)]
    [InlineData(ConversationState.Agent, ConversationState.Bot, true)]
    [InlineData(ConversationState.Agent, ConversationState.Closed, true)]
    [InlineData(ConversationState.Closed, ConversationState.Bot, true)]
    [InlineData(ConversationState.Closed, ConversationState.Queued, false)]
    [InlineData(ConversationState.Closed, ConversationState.Agent, false)]
    [InlineData(ConversationState.Bot, ConversationState.Agent, false)]
    [InlineData(ConversationState.Queued, ConversationState.Queued, false)]
    public void Ownership_OnlyTheRuledTransitionsAreAllowed(ConversationState from, ConversationState to, bool allowed)
    {
        var conversation = new Conversation { VisitorId = "v", State = from };

        if (allowed)
        {
            conversation.MoveTo(to, DateTime.UnixEpoch);
            Assert.Equal(to, conversation.State);
        }
        else
        {
            Assert.Throws<InvalidConversationTransitionException>(() => conversation.MoveTo(to, DateTime.UnixEpoch));
            Assert.Equal(from, conversation.State);
        }
    }
}
