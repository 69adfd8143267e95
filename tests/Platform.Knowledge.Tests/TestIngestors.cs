using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Knowledge.Dense;
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
        return new KnowledgeIngestor(database, synonyms, backfill, new DocumentParsers(options), options, TimeProvider.System, NullLogger<KnowledgeIngestor>.Instance);
    }
}
