using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Indexing;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Ingestion.Parsing;
using Platform.Knowledge.Retrieval;
using Platform.TestSupport;

namespace Platform.Knowledge.Tests;

/// <summary>
/// Fusion of BM25 and the dense index on a real SQLite store. The encoder is a stand-in that maps words to a few
/// "concepts" (so the test controls which texts are near each other); the real encoder is tested in Inference.
/// </summary>
public sealed class HybridRetrieverTests : IAsyncLifetime, IDisposable
{
    private TestDatabase _database = null!;
    private KnowledgeIngestor _ingestor = null!;
    private HybridRetriever _retriever = null!;
    private ChunkEmbeddingWorker _backfill = null!;
    private Guid _knowledgeBase;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var options = Options.Create(new KnowledgeOptions());
        var synonyms = new KnowledgeBaseSynonyms(_database);
        var embedder = new ChunkEmbedder(options, new ConceptEmbeddings());
        var vectors = new ChunkVectorIndex(_database);
        _backfill = new ChunkEmbeddingWorker(_database, embedder, vectors, NullLogger<ChunkEmbeddingWorker>.Instance);
        _ingestor = new KnowledgeIngestor(_database, synonyms, _backfill, new Fts5SearchIndex(), new DocumentParsers(options), options, TimeProvider.System, NullLogger<KnowledgeIngestor>.Instance);
        _retriever = new HybridRetriever(new Fts5Retriever(_database, synonyms, new IndexTermCounts(TimeProvider.System), options), embedder, vectors, _database, options);
        _knowledgeBase = (await _ingestor.EnsureKnowledgeBaseAsync("default", "Default", CancellationToken.None)).Id;
        await IngestAsync("delivery.md", "# Delivery\n\n## When will my parcel arrive?\n\nParcels arrive within five working days.");
        await IngestAsync("returns.md", "# Returns\n\n## How do refunds work?\n\nRefunds go back to the card you paid with.");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public void Dispose() => _backfill.Dispose();

    [Fact]
    public async Task Query_WithNoSharedWord_IsFoundByTheDenseHalf()
    {
        var result = await _retriever.RetrieveAsync(_knowledgeBase, "shipment eta", 5, CancellationToken.None);

        Assert.Equal("delivery.md", result.Passages[0].Source);
        Assert.True(result.DenseSimilarity > 0.9);
    }

    [Fact]
    public async Task Passage_FoundByTheDenseHalfAlone_IsAnFaqEntry_WhenItsPageIsAnFaq()
    {
        await IngestAsync("delivery-faq.md", "# Delivery FAQ\n\n## Delivery windows\n\nParcels arrive in two days.\n\n"
            + "## Can I pick a day?\n\nNot yet.\n\n## Do you deliver on Sundays?\n\nNot yet.");

        var result = await _retriever.RetrieveAsync(_knowledgeBase, "shipment eta", 5, CancellationToken.None);

        Assert.True(Assert.Single(result.Passages, p => p.HeadingPath == "Delivery windows").IsFaqEntry);
    }

    [Fact]
    public async Task Query_FoundByBoth_RanksAboveOneFoundByEitherAlone()
    {
        var result = await _retriever.RetrieveAsync(_knowledgeBase, "refunds money back", 5, CancellationToken.None);

        Assert.Equal("returns.md", result.Passages[0].Source);
        Assert.True(result.Passages[0].Score > result.Passages[^1].Score);
    }

    [Fact]
    public async Task Backfill_EmbedsChunksStoredWithoutVectors_AndTheyBecomeFindable()
    {
        await using (var db = _database.CreateDbContext())
        {
            await db.ChunkEmbeddings.ExecuteDeleteAsync();
        }

        Assert.Equal(2, await _backfill.RunAsync(CancellationToken.None));
        Assert.Equal(0, await _backfill.RunAsync(CancellationToken.None));
        var result = await _retriever.RetrieveAsync(_knowledgeBase, "shipment eta", 5, CancellationToken.None);
        Assert.Equal("delivery.md", result.Passages[0].Source);
    }

    private async Task<IngestResult> IngestAsync(string source, string text)
    {
        var result = await _ingestor.IngestAsync(_knowledgeBase, source, Encoding.UTF8.GetBytes(text), CancellationToken.None);
        await _backfill.RunAsync(CancellationToken.None);
        return result;
    }

    /// <summary>Each known word adds to one of three axes; the vector is normalised, as a real encoder's is.</summary>
    private sealed class ConceptEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        private static readonly Dictionary<string, int> Concepts = new(StringComparer.OrdinalIgnoreCase)
        {
            ["parcel"] = 0, ["parcels"] = 0, ["shipment"] = 0, ["arrive"] = 0, ["eta"] = 0, ["delivery"] = 0,
            ["refunds"] = 1, ["refund"] = 1, ["money"] = 1, ["card"] = 1, ["returns"] = 1,
        };

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var text in values)
            {
                var vector = new float[3];
                vector[2] = 0.05f;
                foreach (var word in text.Split([' ', '\n', '?', '.', '>', ','], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Concepts.TryGetValue(word, out var axis))
                    {
                        vector[axis] += 1;
                    }
                }

                var norm = MathF.Sqrt(vector.Sum(v => v * v));
                result.Add(new Embedding<float>(vector.Select(v => v / norm).ToArray()));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, "concepts-v1", 3) : null;

        public void Dispose()
        {
        }
    }
}
