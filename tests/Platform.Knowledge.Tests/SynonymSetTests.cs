using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Tests;

public sealed class SynonymSetTests
{
    private static readonly SynonymSet Covid = SynonymSet.Parse("# the disease\ncoronavirus, covid, corona virus, covid-19\nparcel, package");

    [Theory]
    [InlineData("Is corona virus airborne?", "Is coronavirus airborne?")]
    [InlineData("COVID-19 symptoms", "coronavirus symptoms")]
    [InlineData("my packages are late", "my parcel are late")]
    [InlineData("nothing to map here", "nothing to map here")]
    public void Apply_ReplacesWordsAndPhrasesByTheGroupsFirstEntry_PluralBlind(string text, string expected) =>
        Assert.Equal(expected, Covid.Apply(text));

    [Fact]
    public void Apply_TwoNamesOfOneThingSideBySide_CountOnce()
    {
        Assert.Equal("Will coronavirus weaken?", Covid.Apply("Will coronavirus / COVID-19 weaken?"));
        Assert.Equal("coronavirus and coronavirus", Covid.Apply("covid and corona virus"));
    }

    [Theory]
    [InlineData("lonely", "line 1")]
    [InlineData("a, b\nb, c", "line 2")]
    [InlineData("one two three four five, six", "at most 4 words")]
    public void Parse_AnUnusableLine_IsRefusedWithItsLineNumber(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SynonymSet.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NothingButCommentsAndBlankLines_IsEmpty() =>
        Assert.True(SynonymSet.Parse("# only a comment\n\n").IsEmpty);
}
