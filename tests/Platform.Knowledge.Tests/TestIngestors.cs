using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Retrieval;
using Platform.Knowledge.Indexing;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Ingestion.Parsing;
using Platform.TestSupport;

namespace Platform.Knowledge.Tests;

/// <summary>A real ingestor on a test store, with default settings and no encoder (keyword search only).</summary>
internal static class TestIngestors
{
    public static KnowledgeIngestor Create(TestDatabase database, KnowledgeBaseSynonyms synonyms)
    {
        var options = Options.Create(new KnowledgeOptions());
        var backfill = new ChunkEmbeddingWorker(database, new ChunkEmbedder(options), new ChunkVectorIndex(database), NullLogger<ChunkEmbeddingWorker>.Instance);
        return new KnowledgeIngestor(database, synonyms, backfill, SearchIndex(database), new DocumentParsers(options), options, TimeProvider.System, NullLogger<KnowledgeIngestor>.Instance);
    }

    /// <summary>The full-text index writer of the store's engine, as the server's DI picks it.</summary>
    public static ISearchIndexWriter SearchIndex(TestDatabase database) =>
        database.Engine == DatabaseOptions.Postgres ? new PostgresSearchIndex() : new Fts5SearchIndex();

    /// <summary>The full-text retriever of the store's engine, as the server's DI picks it.</summary>
    public static IFullTextRetriever FullTextRetriever(TestDatabase database, KnowledgeBaseSynonyms synonyms, KnowledgeOptions settings) =>
        database.Engine == DatabaseOptions.Postgres
            ? new PostgresFullTextRetriever(database, synonyms, Options.Create(settings))
            : new Fts5Retriever(database, synonyms, new IndexTermCounts(TimeProvider.System), Options.Create(settings));
}
