using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Indexing;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Jobs;
using Platform.Knowledge.Watching;
using Platform.Knowledge.Retrieval;
using Platform.Knowledge.Seeding;

namespace Platform.Knowledge;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<KnowledgeOptions>()
            .BindConfiguration(KnowledgeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<KnowledgeBaseSynonyms>();
        builder.Services.AddSingleton<Ingestion.Parsing.DocumentParsers>();
        builder.Services.AddSingleton<KnowledgeIngestor>();
        builder.Services.AddSingleton<Export.KnowledgeBaseExporter>();
        builder.Services.AddSingleton<KnowledgeBaseCatalog>();
        builder.Services.AddSingleton<ChunkEmbedder>();
        builder.Services.AddSingleton<ChunkVectorIndex>();
        builder.Services.AddSingleton<ChunkEmbeddingWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChunkEmbeddingWorker>());
        // The store's full-text index, one implementation per database engine, picked by Platform:Database:Provider.
        builder.Services.AddSingleton<IndexTermCounts>();
        builder.Services.AddSingleton<Fts5Retriever>();
        builder.Services.AddKeyedSingleton<IFullTextRetriever>(DatabaseOptions.Sqlite, (services, _) => services.GetRequiredService<Fts5Retriever>());
        builder.Services.AddKeyedSingleton<IFullTextRetriever, PostgresFullTextRetriever>(DatabaseOptions.Postgres);
        builder.Services.AddKeyedSingleton<ISearchIndexWriter, Fts5SearchIndex>(DatabaseOptions.Sqlite);
        builder.Services.AddKeyedSingleton<ISearchIndexWriter, PostgresSearchIndex>(DatabaseOptions.Postgres);
        builder.Services.AddSingleton(services => services.GetRequiredKeyedService<IFullTextRetriever>(DatabaseEngine(services)));
        builder.Services.AddSingleton(services => services.GetRequiredKeyedService<ISearchIndexWriter>(DatabaseEngine(services)));
        builder.Services.AddSingleton<Lexical.KeywordIndexes>();
        builder.Services.AddSingleton<InMemoryKeywordRetriever>();
        builder.Services.AddSingleton<IKeywordRetriever>(services =>
            services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.KeywordEngine.ToLowerInvariant() is KnowledgeOptions.DatabaseEngine or KnowledgeOptions.Fts5Engine
                ? services.GetRequiredService<IFullTextRetriever>()
                : services.GetRequiredService<InMemoryKeywordRetriever>());
        builder.Services.AddSingleton<IRetriever, HybridRetriever>();
        builder.Services.AddSingleton<KnowledgeReadiness>();
        builder.Services.AddHostedService<KnowledgeSeeder>();
        builder.Services.AddSingleton<IngestionSignal>();
        builder.Services.AddSingleton<IngestionJobs>();
        builder.Services.AddSingleton<IngestionWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IngestionWorker>());
        builder.Services.AddHostedService<KnowledgeFolderWatcher>();
        return builder;
    }

    private static string DatabaseEngine(IServiceProvider services) => services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Engine;
}
