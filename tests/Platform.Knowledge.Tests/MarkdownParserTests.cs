using Platform.Knowledge.Ingestion;

namespace Platform.Knowledge.Tests;

public sealed class MarkdownParserTests
{
    [Fact]
    public void Parse_TakesTheTitleFromTheFirstH1AndHeadingPathsFromDeeperHeadings()
    {
        const string markdown = """
            # Returns FAQ

            Intro line.

            ## Refunds

            ### How long do refunds take?

            Refunds post within 5 business days.

            ## Exchanges

            Swap sizes for free.
            """;

        var parsed = MarkdownParser.Parse(markdown, "fallback");

        Assert.Equal("Returns FAQ", parsed.Title);
        Assert.Equal(
            [("", "Intro line."), ("Refunds > How long do refunds take?", "Refunds post within 5 business days."), ("Exchanges", "Swap sizes for free.")],
            parsed.Sections.Select(s => (s.HeadingPath, s.Text)));
    }

    [Fact]
    public void Parse_TreatsHashesInsideCodeFencesAsText()
    {
        const string markdown = "# Care\n\n## Cleaning\n\n```\n# not a heading\n```\nRinse it.\n";

        var section = Assert.Single(MarkdownParser.Parse(markdown, "x").Sections);

        Assert.Equal("Cleaning", section.HeadingPath);
        Assert.Contains("# not a heading", section.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithoutH1_UsesTheFallbackTitle() =>
        Assert.Equal("shipping policy", MarkdownParser.Parse("Just text.", "shipping policy").Title);
}
