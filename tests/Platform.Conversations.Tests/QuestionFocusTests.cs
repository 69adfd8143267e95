using Platform.Conversations.Replies;

namespace Platform.Conversations.Tests;

public sealed class QuestionFocusTests
{
    private static readonly string[] TentPassage =
    [
        "Summit 2 Tent\nOverview\nThe Summit 2 Tent is a two-person tent, and it weighs just 3 lb 4 oz on the trail. It costs $349 and sets up in about 5 minutes.",
    ];

    [Fact]
    public void ATrueSentenceAboutTheWrongThing_KeepsLittleOfWhatWasAsked()
    {
        var share = QuestionFocus.Share("how much does the summit 2 tent weigh", "It costs $349 and sets up in about 5 minutes.", TentPassage);

        Assert.True(share < 0.5, $"share {share}");
    }

    [Fact]
    public void AReplyAboutWhatWasAsked_KeepsItAll()
    {
        var share = QuestionFocus.Share("how much does the summit 2 tent weigh", "The Summit 2 Tent weighs just 3 lb 4 oz on the trail.", TentPassage);

        Assert.Equal(1, share);
    }

    [Fact]
    public void WordFormsMatch_ShipAndShipping()
    {
        var share = QuestionFocus.Share("do you ship to canada", "Shipping to Canada takes a week.", ["International shipping\nWe deliver to Canada."]);

        Assert.Equal(1, share);
    }

    [Fact]
    public void WhenNoPassageHoldsTheQuestionsTerms_ThereIsNothingBetterAndTheShareIsOne()
    {
        Assert.Equal(1, QuestionFocus.Share("what about kayaks", "Standard shipping takes 3 days.", ["Shipping\nStandard shipping takes 3 days."]));
        Assert.Equal(1, QuestionFocus.Share("the and of", "Anything.", TentPassage));
    }
}
