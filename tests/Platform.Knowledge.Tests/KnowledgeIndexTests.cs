using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Knowledge.Indexing;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Retrieval;
using Platform.Data;
using Platform.TestSupport;

namespace Platform.Knowledge.Tests;

/// <summary>
/// Ingestion and retrieval against a real, migrated store and its own full-text index, once per engine: SQLite's
/// FTS5 (<see cref="KnowledgeIndexOnSqliteTests"/>) and PostgreSQL's tsvector (<see cref="KnowledgeIndexOnPostgresTests"/>).
/// </summary>
public abstract class KnowledgeIndexTests(string engine) : IAsyncLifetime
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
    private IFullTextRetriever _retriever = null!;
    private Guid _knowledgeBase;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(engine);
        var synonyms = new KnowledgeBaseSynonyms(_database);
        _ingestor = TestIngestors.Create(_database, synonyms);
        _retriever = TestIngestors.FullTextRetriever(_database, synonyms, new KnowledgeOptions());
        _knowledgeBase = (await _ingestor.EnsureKnowledgeBaseAsync("default", "Default", CancellationToken.None)).Id;
        await Ingest("faq/shipping.md", ShippingFaq);
        await Ingest("faq/returns.md", ReturnsFaq);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected Task<IngestResult> Ingest(string source, string text, Guid? knowledgeBase = null) =>
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

    [Fact]
    public async Task Synonyms_AppliedToIndexAndQuery_FindThePassageByAnotherWordAndKeepTheStoredText()
    {
        Assert.DoesNotContain((await Ask("parcel abroad")).Passages, p => p.HeadingPath == "Do you ship internationally?");

        await _ingestor.UpdateSynonymsAsync(_knowledgeBase, "# shipping words\ninternationally, abroad, overseas\nship, parcel", CancellationToken.None);
        var result = await Ask("parcel abroad");

        Assert.Equal("Do you ship internationally?", result.Passages[0].HeadingPath);
        Assert.Contains("We ship to Canada", result.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal(1.0, result.Coverage);
    }

    [Fact]
    public async Task Synonyms_AListThatDoesNotParse_IsRefusedWithTheLineAndChangesNothing()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() =>
            _ingestor.UpdateSynonymsAsync(_knowledgeBase, "abroad, overseas\nlonely", CancellationToken.None));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        await using var db = _database.CreateDbContext();
        Assert.Equal(string.Empty, (await db.KnowledgeBases.SingleAsync(k => k.Id == _knowledgeBase)).Synonyms);
    }

    [Fact]
    public async Task Delete_RemovesTheDocumentsPassagesFromTheIndex()
    {
        await using var db = _database.CreateDbContext();
        var shipping = await db.Documents.SingleAsync(d => d.Source == "faq/shipping.md");

        Assert.True(await _ingestor.DeleteAsync(_knowledgeBase, shipping.Id, CancellationToken.None));

        Assert.DoesNotContain((await Ask("shipping internationally business days")).Passages, p => p.Source == "faq/shipping.md");
        foreach (var indexed in await IndexRowCountsAsync(db))
        {
            Assert.Equal(await db.Chunks.CountAsync(), indexed);
        }
        Assert.False(await _ingestor.DeleteAsync(_knowledgeBase, shipping.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Rollback_RestoresThePreviousVersionOfTheDocumentSet_AndIsItselfUndoable()
    {
        await Ingest("faq/shipping.md", ShippingFaq.Replace("Orders over $75 ship free.", "Orders over $99 ship free.", StringComparison.Ordinal));
        Assert.Contains("$99", (await Ask("free shipping threshold")).Passages[0].Text, StringComparison.Ordinal);

        var rollback = await _ingestor.RollbackAsync(_knowledgeBase, null, CancellationToken.None);

        Assert.Equal(2, rollback.RestoredVersion);
        Assert.Equal(4, rollback.NewVersion);
        Assert.Contains("$75", (await Ask("free shipping threshold")).Passages[0].Text, StringComparison.Ordinal);

        await _ingestor.RollbackAsync(_knowledgeBase, null, CancellationToken.None);
        Assert.Contains("$99", (await Ask("free shipping threshold")).Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_BringsBackADeletedDocument_AndRemovesOneAddedSince()
    {
        await using var db = _database.CreateDbContext();
        var returns = await db.Documents.SingleAsync(d => d.Source == "faq/returns.md");
        await _ingestor.DeleteAsync(_knowledgeBase, returns.Id, CancellationToken.None);
        await _ingestor.RollbackAsync(_knowledgeBase, null, CancellationToken.None);
        Assert.Equal("faq/returns.md", (await Ask("return window")).Passages[0].Source);

        await Ingest("faq/gift-cards.md", "# Gift cards\n\n## Do gift cards expire?\n\nNever.");
        await _ingestor.RollbackAsync(_knowledgeBase, null, CancellationToken.None);

        Assert.Empty((await Ask("gift cards expire")).Passages);
        Assert.Equal(2, await db.Documents.CountAsync(d => d.KnowledgeBaseId == _knowledgeBase));
    }

    [Fact]
    public async Task Rollback_WithNoEarlierVersion_IsRefused()
    {
        var fresh = (await _ingestor.EnsureKnowledgeBaseAsync("fresh", "Fresh", CancellationToken.None)).Id;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _ingestor.RollbackAsync(fresh, null, CancellationToken.None));
    }

    [Fact]
    public async Task Replace_WhileReadersQuery_NeverLeavesTheDocumentUnanswerable()
    {
        using var stop = new CancellationTokenSource();
        var misses = 0;
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await Ask("do you ship internationally to canada");
                Interlocked.Increment(ref reads);
                if (!result.Passages.Any(p => p.Source == "faq/shipping.md"))
                {
                    misses++;
                }
            }
        });

        // Replace until the reader has overlapped many replacements; bounded in time, so a stuck reader fails instead of
        // hanging, and not in count, so a machine busy with other tests still gets there.
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; Volatile.Read(ref reads) < 100 && started.Elapsed < TimeSpan.FromSeconds(60); i++)
        {
            await Ingest("faq/shipping.md", ShippingFaq + $"\n\nRevision {i}.");
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(reads >= 100, $"only {reads} reads overlapped the replacements");
        Assert.Equal(0, misses);
    }

    [Fact]
    public async Task Retrieve_AQuestionMatchedInAShortHeading_OutranksALongAnswerThatMentionsItsWords()
    {
        var longAnswer = string.Join(' ', Enumerable.Repeat("Our boots are resoled by hand, and every pair is inspected and conditioned before it ships back.", 12));
        await Ingest("faq/boots.md", $"# Boots\n\n## Resoling service\n\n{longAnswer} Waterproofing is renewed too.\n\n## Are the boots waterproof?\n\nYes.");

        var result = await Ask("are the boots waterproof");

        Assert.Equal("Are the boots waterproof?", result.Passages[0].HeadingPath);
    }

    [Fact]
    public async Task Retrieve_MarksEverySectionOfAnFaqPageAsAnEntry_AndOnlyQuestionSectionsElsewhere()
    {
        // Two of three headings are questions: the page is an FAQ, so its topic-style heading is an entry too.
        await Ingest("faq/care.md", "# Care FAQ\n\n## How do I wash the jacket?\n\nWash it cold.\n\n"
            + "## Can I tumble dry it?\n\nYes, on low heat.\n\n## Storing down in summer\n\nStore the jacket loosely in its cotton sack.");
        // One heading of three is a question: a product sheet, whose other sections are no entries.
        await Ingest("products/stove.md", "# Stove\n\n## Specifications\n\nThe stove weighs 300 grams.\n\n## Fuel\n\nIt burns white gas.\n\n"
            + "## Is it allowed on planes?\n\nOnly empty and cleaned.");

        Assert.True((await Ask("storing down jacket summer cotton sack")).Passages[0] is { HeadingPath: "Storing down in summer", IsFaqEntry: true });
        Assert.True((await Ask("how do I wash the jacket")).Passages[0] is { HeadingPath: "How do I wash the jacket?", IsFaqEntry: true });
        Assert.True((await Ask("stove weight grams")).Passages[0] is { HeadingPath: "Specifications", IsFaqEntry: false });
        Assert.True((await Ask("stove allowed on planes")).Passages[0] is { HeadingPath: "Is it allowed on planes?", IsFaqEntry: true });
    }

    [Fact]
    public async Task IngestFolder_OneBadFileAmongGoodOnesOfEveryFormat_FailsAloneAndTheOthersAreSearchable()
    {
        var folder = Directory.CreateTempSubdirectory("platform-folder-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "manual.pdf"), DocumentParsersTests.BuildPdf([(20, "Stove Manual"), (14, "Priming"), (10, "Pump the fuel bottle twenty times before lighting.")]));
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "terms.docx"), DocumentParsersTests.BuildDocx("Terms", body =>
                body.Append(new DocumentFormat.OpenXml.Wordprocessing.Paragraph(new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text("Gift cards never expire."))))));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "faq.csv"), "question,answer\nDo you price match?,\"Yes, within 14 days.\"\n");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "page.html"), "<h1>Stores</h1><p>Our Denver store opens at 9.</p>");
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "broken.pdf"), [0x25, 0x50, 0x44, 0x46, 0x00, 0x01]);

            var results = await _ingestor.IngestFolderAsync(_knowledgeBase, folder.FullName, CancellationToken.None);

            Assert.Equal(IngestOutcome.Failed, Assert.Single(results, r => r.Source == "broken.pdf").Outcome);
            Assert.Equal(4, results.Count(r => r.Outcome == IngestOutcome.Added));
            Assert.Equal("manual.pdf", (await Ask("how many times do I pump the fuel bottle")).Passages[0].Source);
            Assert.Equal("terms.docx", (await Ask("do gift cards expire")).Passages[0].Source);
            Assert.Equal("faq.csv", (await Ask("price match")).Passages[0].Source);
            Assert.Equal("page.html", (await Ask("denver store opening time")).Passages[0].Source);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    protected TestDatabase Database => _database;

    protected KnowledgeIngestor Ingestor => _ingestor;

    /// <summary>The rows of each of the engine's index tables.</summary>
    protected abstract Task<IReadOnlyList<long>> IndexRowCountsAsync(Platform.Data.PlatformDbContext db);
}

/// <summary>The index contract on SQLite's FTS5, and what FTS5 itself must do (rank order, term pruning, counts).</summary>
public sealed class KnowledgeIndexOnSqliteTests() : KnowledgeIndexTests(DatabaseOptions.Sqlite)
{
    protected override async Task<IReadOnlyList<long>> IndexRowCountsAsync(Platform.Data.PlatformDbContext db)
    {
        var counts = new List<long>();
        foreach (var table in Fts5SearchIndex.Tables)
        {
#pragma warning disable EF1002 // one of two constant table names
            counts.Add(await db.Database.SqlQueryRaw<long>($"SELECT count(*) AS Value FROM {table}").SingleAsync());
#pragma warning restore EF1002
        }

        return counts;
    }

    [Theory]
    [InlineData("ChunksFts")]
    [InlineData("ChunkHeadingsFts")]
    public async Task FieldQuery_IsOrderedByTheFullTextIndexRank_WithoutASortStep(string table)
    {
        await using var db = Database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();

        // The per-field candidate query of Fts5Retriever, as it runs for each field table.
        command.CommandText = $"""
            EXPLAIN QUERY PLAN
            SELECT f.rowid, -f.rank FROM {table} f
            JOIN Chunks c ON c.Id = f.rowid JOIN Documents d ON d.Id = c.DocumentId
            WHERE {table} MATCH '"shipping"' AND d.KnowledgeBaseId = 'x' AND d.Status = 'Indexed'
            ORDER BY f.rank LIMIT 100
            """;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var text = string.Join(" | ", plan);
        Assert.Contains(plan, p => p.StartsWith("SCAN f VIRTUAL TABLE INDEX", StringComparison.Ordinal));
        Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
        Assert.Contains(plan, p => p.Contains("SEARCH c USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retrieve_OnALargeIndex_ATermInMostPassagesIsLeftOutOfRankingButStillCountsForConfidence()
    {
        // "gear" is in every passage of this knowledge base; with the thresholds lowered, this small index is "large".
        var pruning = Options.Create(new KnowledgeOptions { MaxTermShare = 0.5, PrunableTermRows = 0 });
        var retriever = new Fts5Retriever(Database, new KnowledgeBaseSynonyms(Database), new IndexTermCounts(TimeProvider.System), pruning);
        var knowledgeBase = (await Ingestor.EnsureKnowledgeBaseAsync("gear", "Gear", CancellationToken.None)).Id;
        await Ingest("gear.md", "# Gear\n\n## Tents\n\nGear gear gear gear for camping.\n\n## Stoves\n\nGear for cooking on the trail.\n\n## Packs\n\nGear to carry.", knowledgeBase);

        var pruned = await retriever.RetrieveAsync(knowledgeBase, "gear for cooking", 5, CancellationToken.None);
        var commonOnly = await retriever.RetrieveAsync(knowledgeBase, "gear", 5, CancellationToken.None);

        // Only "cooking" ranks, so the passage that repeats "gear" no longer comes first or comes at all.
        Assert.Equal("Stoves", Assert.Single(pruned.Passages).HeadingPath);
        Assert.Equal(1.0, pruned.Coverage);

        // A question of nothing but common terms still ranks by the rarest of them.
        Assert.NotEmpty(commonOnly.Passages);
    }

    [Fact]
    public async Task TermCounts_StopAtTheLimitAskedFor_AndAnExactCountIsNotAnsweredFromACappedOne()
    {
        var knowledgeBase = (await Ingestor.EnsureKnowledgeBaseAsync("counts", "Counts", CancellationToken.None)).Id;
        await Ingest("trail.md", "# Trail\n\n## One\n\nLantern one.\n\n## Two\n\nLantern two.\n\n## Three\n\nLantern three.\n\n## Four\n\nLantern four.", knowledgeBase);
        var counts = new IndexTermCounts(TimeProvider.System);
        await using var db = Database.CreateDbContext();

        var capped = await counts.GetAsync(db, "ChunksFts", ["lantern", "kayak"], countUpTo: 2, CancellationToken.None);
        var exact = await counts.GetAsync(db, "ChunksFts", ["lantern", "kayak"], countUpTo: null, CancellationToken.None);
        var cappedAgain = await counts.GetAsync(db, "ChunksFts", ["lantern"], countUpTo: 3, CancellationToken.None);

        Assert.Equal([2L, 0L], capped);
        Assert.Equal([4L, 0L], exact);
        Assert.Equal([3L], cappedAgain);
        await Assert.ThrowsAsync<ArgumentException>(() => counts.GetAsync(db, "Chunks; DROP TABLE Chunks", ["x"], null, CancellationToken.None));
    }
}

/// <summary>The index contract on PostgreSQL's tsvector/GIN index.</summary>
public sealed class KnowledgeIndexOnPostgresTests() : KnowledgeIndexTests(DatabaseOptions.Postgres)
{
    protected override async Task<IReadOnlyList<long>> IndexRowCountsAsync(Platform.Data.PlatformDbContext db) =>
        [await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM "ChunkSearch" """).SingleAsync()];
}
