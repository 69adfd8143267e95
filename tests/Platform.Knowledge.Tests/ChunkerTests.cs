using Platform.Knowledge.Ingestion;

namespace Platform.Knowledge.Tests;

public sealed class ChunkerTests
{
    [Fact]
    public void Split_SectionThatFits_StaysWhole()
    {
        var section = new DocumentSection("Q?", "A short answer.");

        Assert.Equal([section], new Chunker(500, 50).Split(section));
    }

    [Fact]
    public void Split_LongSection_CutsWithinTheLimitAndOverlapsAndLosesNoText()
    {
        var paragraphs = Enumerable.Range(1, 30).Select(i => $"Paragraph {i} says something useful about tents and poles.").ToList();
        var section = new DocumentSection("Setup", string.Join("\n\n", paragraphs));

        var pieces = new Chunker(300, 60).Split(section).ToList();

        Assert.True(pieces.Count > 5);
        Assert.All(pieces, p => Assert.True(p.Text.Length <= 300, $"piece of {p.Text.Length} chars"));
        Assert.All(pieces, p => Assert.Equal("Setup", p.HeadingPath));
        Assert.All(paragraphs, para => Assert.Contains(pieces, p => p.Text.Contains(para, StringComparison.Ordinal)));
        for (var i = 1; i < pieces.Count; i++)
        {
            var previousTail = pieces[i - 1].Text[^20..];
            Assert.Contains(previousTail, pieces[i].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Split_OneHugeSentence_IsStillBounded()
    {
        var section = new DocumentSection("", new string('x', 5000));

        Assert.All(new Chunker(1000, 100).Split(section), p => Assert.True(p.Text.Length <= 1000));
    }
}
