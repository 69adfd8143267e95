using Platform.Knowledge.Retrieval;

namespace Platform.Knowledge.Tests;

public sealed class QueryNormalizerTests
{
    [Fact]
    public void Terms_DropStopWordsAndPunctuationAndRepeats() =>
        Assert.Equal(["long", "shipping", "take"], QueryNormalizer.Terms("Hi! How LONG does shipping take?? shipping"));

    [Fact]
    public void Terms_JoinApostrophes() =>
        Assert.Equal(["jackets", "zipper", "works"], QueryNormalizer.Terms("My jacket's zipper works"));

    [Fact]
    public void Terms_OfSmallTalk_AreEmpty() =>
        Assert.Empty(QueryNormalizer.Terms("hi, thanks!"));

    [Fact]
    public void MatchExpression_QuotesEveryTermSoFts5SyntaxIsInert() =>
        Assert.Equal("\"near\" OR \"tent\"", QueryNormalizer.ToMatchExpression(QueryNormalizer.Terms("NEAR(tent* \"")));
}
