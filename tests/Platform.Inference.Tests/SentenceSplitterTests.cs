using Platform.Inference.Templates;

namespace Platform.Inference.Tests;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_BreaksOnSentenceEnds_ButNotInsideNumbersOrAbbreviatedTimes()
    {
        var sentences = SentenceSplitter.Split("We open at 10 a.m. every day. Orders over $49.99 ship free! Need help? Call us.");
        Assert.Equal(["We open at 10 a.m. every day.", "Orders over $49.99 ship free!", "Need help?", "Call us."], sentences);
    }

    [Fact]
    public void Split_TreatsListItemsAndParagraphsAsSentences_WithoutBulletsOrEmphasis()
    {
        var sentences = SentenceSplitter.Split("Bring:\n- a **receipt**\n- the item\n\n1. Pack it\n2. Ship it");
        Assert.Equal(["Bring:", "a receipt", "the item", "Pack it", "Ship it"], sentences);
    }

    [Fact]
    public void Split_DropsHeadingMarksOfSubQuestions()
    {
        var sentences = SentenceSplitter.Split("### Can I change my order?\nYes, within an hour.");
        Assert.Equal(["Can I change my order?", "Yes, within an hour."], sentences);
    }
}
