using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Knowledge.Indexing;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Lexical;
using Platform.Knowledge.Retrieval;
using Platform.TestSupport;

namespace Platform.Knowledge.Tests;

/// <summary>
/// The in-memory keyword engine against SQLite's FTS5 itself: the same tokens for every word of the shipped
/// knowledge base, and the same ranking, scores and confidence for the sample questions on one real store.
/// </summary>
public sealed class InMemoryKeywordIndexTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private KnowledgeIngestor _ingestor = null!;
    private KnowledgeBaseSynonyms _synonyms = null!;
    private Guid _knowledgeBase;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _synonyms = new KnowledgeBaseSynonyms(_database);
        _ingestor = TestIngestors.Create(_database, _synonyms);
        _knowledgeBase = (await _ingestor.EnsureKnowledgeBaseAsync("default", "Default", CancellationToken.None)).Id;
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.SampleKnowledgeBase, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = Path.GetRelativePath(RepositoryPaths.SampleKnowledgeBase, file).Replace('\\', '/');
            await _ingestor.IngestAsync(_knowledgeBase, source, await File.ReadAllBytesAsync(file), CancellationToken.None);
        }
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Tokens_AreFts5sPorterUnicode61Tokens_ForEveryTextOfTheSampleKnowledgeBase()
    {
        var texts = Directory.EnumerateFiles(RepositoryPaths.SampleKnowledgeBase, "*.md", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .Append("Café naïve résumé CAFÉ Ångström don't it's e-mail 3-5 $75 co-operate x² ½ RO-12345 ﬁle")
            .Append("caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky")
            .Append("relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti")
            .Append("triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective bowdlerize probate rate cease controll roll generalization oscillators yyy aaa eed")
            .ToList();

        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');";
            await create.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < texts.Count; i++)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t(rowid, x) VALUES ($id, $x)";
            insert.Parameters.AddWithValue("$id", i + 1);
            insert.Parameters.AddWithValue("$x", texts[i]);
            await insert.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < texts.Count; i++)
        {
            var sqlite = new List<string>();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT term FROM v WHERE doc = $id ORDER BY offset";
            read.Parameters.AddWithValue("$id", i + 1);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sqlite.Add(reader.GetString(0));
            }

            var ours = Fts5Tokens.Of(texts[i]);
            var differences = sqlite.Zip(ours).Where(p => p.First != p.Second).Select(p => $"{p.First} / {p.Second}").Distinct().Take(20).ToList();
            Assert.True(differences.Count == 0 && sqlite.Count == ours.Count, $"text {i}: {sqlite.Count} FTS5 tokens, {ours.Count} ours; FTS5 / ours: {string.Join(", ", differences)}");
        }
    }

    [Fact]
    public async Task Ranking_IsFts5s_PassagesScoresAndConfidence_OnTheSampleQuestions()
    {
        var (indexes, memory, fts5) = Engines(new KnowledgeOptions());
        Assert.NotNull(await indexes.WhenBuiltAsync(_knowledgeBase, CancellationToken.None));

        var questions = File.ReadLines(Path.Combine(RepositoryPaths.TestData, "sample-kb", "questions.jsonl"))
            .Concat(File.ReadLines(Path.Combine(RepositoryPaths.TestData, "sample-kb", "oos.jsonl")))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => e.TryGetProperty("question", out var q) ? q.GetString()! : e.GetProperty("text").GetString()!)
            .ToList();
        Assert.True(questions.Count > 100);
        foreach (var question in questions)
        {
            var expected = await fts5.RetrieveAsync(_knowledgeBase, question, 10, CancellationToken.None);
            var actual = await memory.RetrieveAsync(_knowledgeBase, question, 10, CancellationToken.None);

            Assert.Equal(expected.Terms, actual.Terms);
            Assert.Equal(expected.Coverage, actual.Coverage, 9);
            Assert.Equal(expected.KnownShare, actual.KnownShare, 9);
            Assert.Equal(expected.Confidence, actual.Confidence, 9);
            Assert.Equal(expected.Passages.Count, actual.Passages.Count);
            for (var i = 0; i < expected.Passages.Count; i++)
            {
                Assert.True(Math.Abs(expected.Passages[i].Score - actual.Passages[i].Score) < 1e-6 * Math.Max(1, expected.Passages[i].Score), $"'{question}' #{i}: FTS5 {expected.Passages[i].Score}, ours {actual.Passages[i].Score}");
                // Equal scores may come in either order; a different score at a rank is a different ranking.
                if (i + 1 < expected.Passages.Count && Math.Abs(expected.Passages[i].Score - expected.Passages[i + 1].Score) > 1e-9
                    && (i == 0 || Math.Abs(expected.Passages[i].Score - expected.Passages[i - 1].Score) > 1e-9))
                {
                    Assert.Equal(expected.Passages[i].ChunkId, actual.Passages[i].ChunkId);
                }

                Assert.Equal(expected.Passages[i].IsFaqEntry, actual.Passages[i].IsFaqEntry);
            }
        }
    }

    [Fact]
    public async Task Index_IsRebuilt_WhenAnIngestionChangesTheVersion_OrTheSynonymsChange()
    {
        var (indexes, memory, _) = Engines(new KnowledgeOptions());
        var first = await indexes.WhenBuiltAsync(_knowledgeBase, CancellationToken.None);
        Assert.Empty((await memory.RetrieveAsync(_knowledgeBase, "zorblax", 5, CancellationToken.None)).Passages);

        await _ingestor.IngestAsync(_knowledgeBase, "faq/zorblax.md", Encoding.UTF8.GetBytes("# Zorblax\n\n## What is a zorblax?\n\nA zorblax is our loyalty gadget."), CancellationToken.None);
        var second = await indexes.WhenBuiltAsync(_knowledgeBase, CancellationToken.None);
        Assert.NotSame(first, second);
        Assert.Equal("faq/zorblax.md", (await memory.RetrieveAsync(_knowledgeBase, "zorblax", 5, CancellationToken.None)).Passages[0].Source);

        await _ingestor.UpdateSynonymsAsync(_knowledgeBase, "gizmo, zorblax", CancellationToken.None);
        Assert.Equal("faq/zorblax.md", (await memory.RetrieveAsync(_knowledgeBase, "gizmo", 5, CancellationToken.None)).Passages[0].Source);
        Assert.NotSame(second, await indexes.WhenBuiltAsync(_knowledgeBase, CancellationToken.None));
    }

    [Fact]
    public async Task Query_WhileTheIndexBuilds_IsAnsweredByFts5_AndTheIndexFollows()
    {
        var (indexes, memory, _) = Engines(new KnowledgeOptions { KeywordIndexWaitMilliseconds = 0 });

        Assert.Null(await indexes.GetAsync(_knowledgeBase, CancellationToken.None));
        var answered = await memory.RetrieveAsync(_knowledgeBase, "Can I pay with PayPal?", 5, CancellationToken.None);

        Assert.NotEmpty(answered.Passages);
        Assert.NotNull(await indexes.WhenBuiltAsync(_knowledgeBase, CancellationToken.None));
        Assert.NotNull(await indexes.GetAsync(_knowledgeBase, CancellationToken.None));
    }

    [Fact]
    public async Task UnknownKnowledgeBase_HasNoIndex_AndRetrievesNothing()
    {
        var (indexes, memory, _) = Engines(new KnowledgeOptions());

        Assert.Null(await indexes.WhenBuiltAsync(Guid.NewGuid(), CancellationToken.None));
        Assert.Empty((await memory.RetrieveAsync(Guid.NewGuid(), "paypal", 5, CancellationToken.None)).Passages);
    }

    private (KeywordIndexes Indexes, InMemoryKeywordRetriever Memory, Fts5Retriever Fts5) Engines(KnowledgeOptions settings)
    {
        var options = Options.Create(settings);
        var fts5 = new Fts5Retriever(_database, _synonyms, new IndexTermCounts(TimeProvider.System), options);
        var indexes = new KeywordIndexes(_database, _synonyms, options, NullLogger<KeywordIndexes>.Instance);
        return (indexes, new InMemoryKeywordRetriever(indexes, fts5, _database, options), fts5);
    }

    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("agreed", "agre")]
    [InlineData("hopping", "hop")]
    [InlineData("generalization", "gener")]
    [InlineData("at", "at")]
    public void Stem_FollowsPorter(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));
}
