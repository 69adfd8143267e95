using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Retrieval;
using Platform.TestSupport;

namespace Platform.Knowledge.Tests;

/// <summary>Ingestion and retrieval against a real, migrated SQLite file with its FTS5 index.</summary>
public sealed class KnowledgeIndexTests : IAsyncLifetime
{
    private const string ShippingFaq = """
        # Shipping FAQ

        ## How long does shipping take?

        Standard shipping takes 3-5 business days. Orders over $75 ship free.

        ## Do you ship internationally?

        We ship to Canada and the European Union; delivery takes 7-14 business days.
        """;

    private const string ReturnsFaq = """
        # Returns FAQ

        ## What is your return window?

        You can return unused gear within 60 days of delivery for a full refund.
        """;

    private TestDatabase _database = null!;
    private KnowledgeIngestor _ingestor = null!;
    private Fts5Retriever _retriever = null!;
    private Guid _knowledgeBase;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _ingestor = new KnowledgeIngestor(_database, Options.Create(new KnowledgeOptions()), TimeProvider.System, NullLogger<KnowledgeIngestor>.Instance);
        _retriever = new Fts5Retriever(_database);
        _knowledgeBase = (await _ingestor.EnsureKnowledgeBaseAsync("default", "Default", CancellationToken.None)).Id;
        await Ingest("faq/shipping.md", ShippingFaq);
        await Ingest("faq/returns.md", ReturnsFaq);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<IngestResult> Ingest(string source, string text, Guid? knowledgeBase = null) =>
        _ingestor.IngestAsync(knowledgeBase ?? _knowledgeBase, source, Encoding.UTF8.GetBytes(text), CancellationToken.None);

    private Task<RetrievalResult> Ask(string question, Guid? knowledgeBase = null) =>
        _retriever.RetrieveAsync(knowledgeBase ?? _knowledgeBase, question, 5, CancellationToken.None);

    [Fact]
    public async Task Retrieve_ParaphrasedQuestion_FindsTheAnsweringSectionFirstWithHighConfidence()
    {
        var result = await Ask("how many days until my package arrives with standard delivery?");

        var best = result.Passages[0];
        Assert.Equal("faq/shipping.md", best.Source);
        Assert.Equal("How long does shipping take?", best.HeadingPath);
        Assert.True(best.Score > 0);
        Assert.Contains("business days", best.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrieve_StemmedWords_Match()
    {
        var result = await Ask("returning gear");

        Assert.Equal("faq/returns.md", result.Passages[0].Source);
    }

    [Fact]
    public async Task Retrieve_OutOfScopeQuestion_HasLowConfidence()
    {
        var inScope = await Ask("what is the return window for unused gear");
        var outOfScope = await Ask("do you sell laptops with return keys");

        Assert.True(inScope.Confidence > 0.8, $"in scope: {inScope.Confidence}");
        Assert.True(outOfScope.Confidence < 0.4, $"out of scope: {outOfScope.Confidence}");
    }

    [Fact]
    public async Task Retrieve_IsScopedToItsKnowledgeBase()
    {
        var other = (await _ingestor.EnsureKnowledgeBaseAsync("other", "Other", CancellationToken.None)).Id;
        await Ingest("kayaks.md", "# Kayaks\n\n## Paddles\n\nOur paddles are carbon fibre.", other);

        Assert.Empty((await Ask("carbon paddles")).Passages);
        Assert.Equal("kayaks.md", (await Ask("carbon paddles", other)).Passages[0].Source);
    }

    [Fact]
    public async Task Retrieve_FtsSyntaxInTheQuestion_IsSearchedAsWords()
    {
        var result = await Ask("shipping\" OR NEAR(* -days");

        Assert.NotEmpty(result.Passages);
    }

    [Fact]
    public async Task Ingest_IdenticalContentAgain_IsANoOp()
    {
        var again = await Ingest("faq/shipping.md", ShippingFaq);

        Assert.Equal(IngestOutcome.Unchanged, again.Outcome);
        await using var db = _database.CreateDbContext();
        Assert.Equal(3, await db.Chunks.CountAsync());
    }

    [Fact]
    public async Task Ingest_NewVersion_ReplacesTheOldPassagesInTheIndex()
    {
        var updated = await Ingest("faq/shipping.md", ShippingFaq.Replace("Orders over $75 ship free.", "Orders over $99 ship free.", StringComparison.Ordinal));

        Assert.Equal(IngestOutcome.Updated, updated.Outcome);
        var result = await Ask("free shipping threshold");
        Assert.Contains("$99", result.Passages[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Passages, p => p.Text.Contains("$75", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("empty.md", new byte[0], "empty")]
    [InlineData("binary.md", new byte[] { 0xFF, 0xFE, 0xFD, 0x00 }, "UTF-8")]
    [InlineData("sheet.xlsx", new byte[] { 1, 2, 3 }, "Unsupported")]
    public async Task Ingest_BadFile_FailsWithAClearErrorAndStoresNothing(string source, byte[] content, string expected)
    {
        var result = await _ingestor.IngestAsync(_knowledgeBase, source, content, CancellationToken.None);

        Assert.Equal(IngestOutcome.Failed, result.Outcome);
        Assert.Contains(expected, result.Error, StringComparison.OrdinalIgnoreCase);
        await using var db = _database.CreateDbContext();
        Assert.False(await db.Documents.AnyAsync(d => d.Source == source));
    }
}
