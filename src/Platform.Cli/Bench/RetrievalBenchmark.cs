using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cli.Evaluation;
using Platform.Data;
using Platform.Domain.Knowledge;
using Platform.Inference.Embeddings;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Lexical;
using Platform.Knowledge.Retrieval;

namespace Platform.Cli.Bench;

/// <summary>One engine at one corpus size.</summary>
internal sealed record RetrievalRun(
    string Engine, int Documents, int Chunks, double IngestSeconds, double DocumentsPerSecond, double ChunksPerSecond,
    double QueryP50Ms, double QueryP99Ms, double QueryMeanMs, double? SyntheticRecallAt5)
{
    /// <summary>The dense half (hybrid runs only): what it costs to embed and to hold.</summary>
    public DenseFigures? Dense { get; init; }

    /// <summary>The in-memory keyword index (its runs only): how long it took to build from the store, and what it holds.</summary>
    public KeywordIndexFigures? KeywordIndex { get; init; }
}

/// <summary>An in-memory keyword index built from the store: seconds, bytes, terms of the passage table, postings of both tables.</summary>
internal sealed record KeywordIndexFigures(double BuildSeconds, long Bytes, int Terms, long Postings);

/// <summary>
/// The dense index of a hybrid run: <see cref="EmbeddedChunks"/> chunks embedded for real (the rate is theirs, text
/// and heading vectors both), the rest filled with random unit vectors, which cost an exact search the same.
/// </summary>
internal sealed record DenseFigures(
    string Model, int EmbeddedChunks, double EmbedChunksPerSecond, double ChunksPerSecondWithText, double MeanTokens, int P10Tokens, int P90Tokens,
    int IndexRows, long IndexBytes, double QueryEmbedP50Ms, double QueryEmbedP99Ms, double ScanP50Ms, double ScanP99Ms);

/// <summary>One engine on covidfaq-dev.</summary>
internal sealed record RetrievalQuality(string Engine, int Questions, double RecallAt1, double RecallAt5, double MrrAt10);

internal sealed record RetrievalReport(MachineInfo Machine, int Queries, IReadOnlyList<RetrievalRun> Runs, IReadOnlyList<RetrievalQuality> Quality);

/// <summary>
/// <c>bench retrieval</c>: our ingestion and retrieval (the real stack on a fresh SQLite file) beside Lucene.NET's
/// BM25 on the same generated corpora and queries, at several sizes; then both on covidfaq-dev's questions.
/// </summary>
internal static class RetrievalBenchmark
{
    private const int WarmUpQueries = 20;
    private const string KeywordsEngine = "ours, keywords (FTS5)";
    private const string MemoryKeywordsEngine = "ours, keywords (in memory)";
    private const string HybridOnFts5Engine = "ours, hybrid on FTS5";

    // The retriever without the encoder: FTS5 is the baseline the in-memory engine and the hybrid are measured against
    // in the same run; both engines are resolved from one host, over one store.
    private static readonly Dictionary<string, string?> KeywordsOnly = new() { ["Platform:Embeddings:Model"] = BuiltInEncoders.None };
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var sizes = options.GetIntList("sizes", [1_000, 10_000, 100_000]);
        var queryCount = options.GetInt("queries", 300);
        var quality = RepositoryRoot.Resolve(root, options.Get("quality", Path.Combine("..", "shared", "datasets", "covidfaq-dev")));
        var synonyms = options.Values.TryGetValue("synonyms", out var file) ? RepositoryRoot.Resolve(root, file) : Path.Combine(root, "tests", "data", "covidfaq", "synonyms.txt");
        var output = RepositoryRoot.Resolve(root, options.Get("out", Path.Combine("data", "bench", "retrieval.json")));
        var encoder = options.Get("embeddings", BuiltInEncoders.ArcticEmbedXs);
        var embedSample = options.GetInt("embed-sample", 1_000);
        var machine = MachineInfo.Describe();
        Say($"bench retrieval: sizes {string.Join(", ", sizes)} chunks, {queryCount} queries each; load average {machine.LoadAverage?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"} on {machine.Cores} cores");

        var runs = new List<RetrievalRun>();
        foreach (var size in sizes)
        {
            var corpus = SyntheticCorpus.Generate(Path.Combine(root, "samples", "knowledge-base"), size, seed: size);
            var queries = corpus.Queries(queryCount, seed: size + 1);
            Say($"{size} chunks: {corpus.Documents.Count} documents, vocabulary {corpus.VocabularySize} words");
            runs.AddRange(await RunOursAsync(root, corpus, queries, cancellationToken));
            runs.Add(RunLucene(corpus, queries, cancellationToken));
            if (!string.Equals(encoder, BuiltInEncoders.None, StringComparison.OrdinalIgnoreCase))
            {
                runs.AddRange(await RunHybridAsync(root, corpus, queries, encoder, embedSample, cancellationToken));
            }
        }

        var qualities = new List<RetrievalQuality>();
        if (Directory.Exists(quality))
        {
            qualities.AddRange(await QualityAsync(root, quality, File.Exists(synonyms) ? synonyms : null, cancellationToken));
            if (!string.Equals(encoder, BuiltInEncoders.None, StringComparison.OrdinalIgnoreCase))
            {
                qualities.Add(await HybridQualityAsync(root, quality, encoder, cancellationToken));
            }
        }
        else
        {
            Say($"quality: {quality} not found, skipped");
        }

        var report = new RetrievalReport(machine, queryCount, runs, qualities);
        Print(report, Console.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, Json), cancellationToken);
        Say($"wrote {output}");
        return 0;
    }

    private static Task<List<RetrievalRun>> RunOursAsync(string root, SyntheticCorpus corpus, IReadOnlyList<SyntheticQuery> queries, CancellationToken cancellationToken) =>
        OfflineStack.WithFreshStoreAsync(root, async services =>
        {
            var ingestor = services.GetRequiredService<KnowledgeIngestor>();
            var knowledgeBase = await ingestor.EnsureKnowledgeBaseAsync("bench", "Bench", cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var chunks = 0;
            for (var i = 0; i < corpus.Documents.Count; i++)
            {
                var (source, markdown, _) = corpus.Documents[i];
                chunks += (await ingestor.IngestAsync(knowledgeBase.Id, source, Encoding.UTF8.GetBytes(markdown), cancellationToken)).Chunks;
                if ((i + 1) % 1000 == 0)
                {
                    Say($"  ours: ingested {i + 1}/{corpus.Documents.Count} documents");
                }
            }

            var ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var fts5 = services.GetRequiredService<Fts5Retriever>();
            var (latencies, hits) = await TimeQueriesAsync(queries, async q =>
                (await fts5.RetrieveAsync(knowledgeBase.Id, q.Text, 10, cancellationToken)).Passages
                    .Select(p => (p.Source, p.HeadingPath)).ToList());
            var runs = new List<RetrievalRun> { Run(KeywordsEngine, corpus.Documents.Count, chunks, ingestSeconds, latencies, hits) };

            // The in-memory index is built after the text is in (the first query after an ingestion starts it; FTS5
            // answers until it is built): its build is timed on its own, not added to ingestion.
            var (index, buildSeconds) = await BuildKeywordIndexAsync(services, knowledgeBase.Id, cancellationToken);
            var memory = services.GetRequiredService<InMemoryKeywordRetriever>();
            (latencies, hits) = await TimeQueriesAsync(queries, async q =>
                (await memory.RetrieveAsync(knowledgeBase.Id, q.Text, 10, cancellationToken)).Passages
                    .Select(p => (p.Source, p.HeadingPath)).ToList());
            runs.Add(Run(MemoryKeywordsEngine, corpus.Documents.Count, chunks, ingestSeconds, latencies, hits) with
            {
                KeywordIndex = new KeywordIndexFigures(Math.Round(buildSeconds, 2), index.Bytes, index.Passages.Terms, index.Passages.Postings + index.Headings.Postings),
            });
            return runs;
        }, cancellationToken, KeywordsOnly);

    private static async Task<(KeywordIndex Index, double Seconds)> BuildKeywordIndexAsync(IServiceProvider services, Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var index = await services.GetRequiredService<KeywordIndexes>().WhenBuiltAsync(knowledgeBaseId, cancellationToken)
            ?? throw new InvalidOperationException("The knowledge base has no keyword index.");
        return (index, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>
    /// BM25 + the encoder, as the server runs by default. The text goes in first (what keyword search needs, timed as
    /// for the keyword run); then <paramref name="embedSample"/> chunks are embedded for real, which times ingestion
    /// with embeddings, and the rest of the index is filled with random unit vectors: an exact search costs the same
    /// whatever the vectors hold, and embedding 100,000 chunks on two cores would take most of an hour. Queries are
    /// timed whole: the query's own embedding, BM25, the vector scan and the fusion.
    /// </summary>
    private static async Task<List<RetrievalRun>> RunHybridAsync(
        string root, SyntheticCorpus corpus, IReadOnlyList<SyntheticQuery> queries, string encoder, int embedSample, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("platform-bench-hybrid-");
        try
        {
            Guid knowledgeBaseId;
            int chunks;
            double ingestSeconds;
            using (var text = OfflineStack.Build(root, seedFolder: null, modelFolder: null, data.FullName, KeywordsOnly))
            {
                await text.StartAsync(cancellationToken);
                var ingestor = text.Services.GetRequiredService<KnowledgeIngestor>();
                knowledgeBaseId = (await ingestor.EnsureKnowledgeBaseAsync("bench", "Bench", cancellationToken)).Id;
                var started = Stopwatch.GetTimestamp();
                chunks = 0;
                foreach (var (source, markdown, _) in corpus.Documents)
                {
                    chunks += (await ingestor.IngestAsync(knowledgeBaseId, source, Encoding.UTF8.GetBytes(markdown), cancellationToken)).Chunks;
                }

                ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                await text.StopAsync(CancellationToken.None);
            }

            // Not started: its embedding worker would set about the whole corpus. The services work unstarted; the
            // encoder loads on first use and the store was migrated by the run above.
            using var hybrid = OfflineStack.Build(root, seedFolder: null, modelFolder: null, data.FullName, new Dictionary<string, string?>
            {
                ["Platform:Embeddings:Model"] = encoder,
                ["Platform:Embeddings:ExecutionProvider"] = "cpu",
            });
            var services = hybrid.Services;
            var model = services.GetRequiredService<EmbeddingModelHost>().Generator?.Model
                ?? throw new InvalidOperationException($"The encoder {encoder} did not load: {services.GetRequiredService<EmbeddingModelHost>().LoadError}");
            var embedder = services.GetRequiredService<ChunkEmbedder>();
            var contexts = services.GetRequiredService<IDbContextFactory<PlatformDbContext>>();

            // Real vectors for the first chunks, in the worker's batch size, timed.
            List<Chunk> sample;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                sample = await db.Chunks.AsNoTracking().OrderBy(c => c.Id).Take(embedSample).ToListAsync(cancellationToken);
            }

            var tokens = sample.Select(c => model.Tokenize(ChunkEmbedder.TextOf(c.Title, c.HeadingPath, c.Text)).Count).Order().ToList();
            var embedStarted = Stopwatch.GetTimestamp();
            var rows = new List<ChunkEmbedding>();
            foreach (var batch in sample.Chunk(64))
            {
                rows.AddRange(await embedder.EmbedChunksAsync(batch, cancellationToken));
            }

            var embedSeconds = Stopwatch.GetElapsedTime(embedStarted).TotalSeconds;
            Say($"  hybrid: embedded {sample.Count} chunks in {embedSeconds:0.0} s; filling the other {chunks - sample.Count} with random unit vectors");
            await FillVectorsAsync(contexts, rows, embedder, model.Dimensions, sample.Count == 0 ? 0 : sample[^1].Id, cancellationToken);

            await BuildKeywordIndexAsync(services, knowledgeBaseId, cancellationToken);
            var retriever = services.GetRequiredService<IRetriever>();
            var (latencies, hits) = await TimeQueriesAsync(queries, async q =>
                (await retriever.RetrieveAsync(knowledgeBaseId, q.Text, 10, cancellationToken)).Passages
                    .Select(p => (p.Source, p.HeadingPath)).ToList());

            // The same hybrid with FTS5 for its lexical half (the retriever before the in-memory engine), same run.
            var onFts5 = new HybridRetriever(
                services.GetRequiredService<Fts5Retriever>(), embedder, services.GetRequiredService<ChunkVectorIndex>(), contexts,
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Platform.Knowledge.KnowledgeOptions>>());
            var (fts5Latencies, fts5Hits) = await TimeQueriesAsync(queries, async q =>
                (await onFts5.RetrieveAsync(knowledgeBaseId, q.Text, 10, cancellationToken)).Passages
                    .Select(p => (p.Source, p.HeadingPath)).ToList());
            // The two parts of the dense half on their own: the query's embedding, then the exact scan of the index.
            var index = services.GetRequiredService<ChunkVectorIndex>();
            var queryEmbed = new List<double>(queries.Count);
            var scan = new List<double>(queries.Count);
            foreach (var query in queries)
            {
                var started = Stopwatch.GetTimestamp();
                var vector = await embedder.EmbedQueryAsync(query.Text, cancellationToken);
                queryEmbed.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (vector is { } v)
                {
                    started = Stopwatch.GetTimestamp();
                    await index.SearchAsync(knowledgeBaseId, embedder.Model, v, 20, cancellationToken);
                    scan.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            var (indexRows, indexBytes) = await index.MemoryAsync(knowledgeBaseId, embedder.Model, cancellationToken);
            var embedRate = sample.Count / Math.Max(embedSeconds, 1e-6);
            var textRate = chunks / Math.Max(ingestSeconds, 1e-6);
            var run = Run($"ours, hybrid ({encoder})", corpus.Documents.Count, chunks, ingestSeconds, latencies, hits);
            var before = Run(HybridOnFts5Engine, corpus.Documents.Count, chunks, ingestSeconds, fts5Latencies, fts5Hits);
            var complete = sample.Count >= chunks;
            return [before with { SyntheticRecallAt5 = complete ? before.SyntheticRecallAt5 : null }, run with
            {
                // Recall means something only when every vector is the encoder's.
                SyntheticRecallAt5 = complete ? run.SyntheticRecallAt5 : null,
                Dense = new DenseFigures(
                    embedder.Model,
                    sample.Count,
                    Math.Round(embedRate, 1),
                    Math.Round(1 / ((1 / embedRate) + (1 / textRate)), 1),
                    Math.Round(tokens.Count == 0 ? 0 : tokens.Average(), 1),
                    tokens.Count == 0 ? 0 : tokens[tokens.Count / 10],
                    tokens.Count == 0 ? 0 : tokens[tokens.Count * 9 / 10],
                    indexRows,
                    indexBytes,
                    Math.Round(Statistics.Percentile(queryEmbed, 0.50), 2),
                    Math.Round(Statistics.Percentile(queryEmbed, 0.99), 2),
                    scan.Count == 0 ? 0 : Math.Round(Statistics.Percentile(scan, 0.50), 2),
                    scan.Count == 0 ? 0 : Math.Round(Statistics.Percentile(scan, 0.99), 2)),
            }];
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    /// <summary>Stores the real rows, then a random unit vector (passage and, for FAQ entries, heading) for every chunk after <paramref name="lastEmbedded"/>.</summary>
    private static async Task FillVectorsAsync(
        IDbContextFactory<PlatformDbContext> contexts, List<ChunkEmbedding> real, ChunkEmbedder embedder, int dimensions, long lastEmbedded, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChunkEmbeddings.AddRange(real);
        await db.SaveChangesAsync(cancellationToken);
        var rest = await db.Chunks.AsNoTracking().Where(c => c.Id > lastEmbedded).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.HeadingPath }).ToListAsync(cancellationToken);
        var random = new Random(7);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO ChunkEmbeddings (ChunkId, Model, Vector) VALUES ($id, $model, $vector)";
        var id = insert.CreateParameter();
        id.ParameterName = "$id";
        var modelName = insert.CreateParameter();
        modelName.ParameterName = "$model";
        var vector = insert.CreateParameter();
        vector.ParameterName = "$vector";
        insert.Parameters.Add(id);
        insert.Parameters.Add(modelName);
        insert.Parameters.Add(vector);
        foreach (var chunk in rest)
        {
            var models = chunk.HeadingPath.TrimEnd().EndsWith('?') ? new[] { embedder.Model, embedder.HeadingModel } : [embedder.Model];
            foreach (var name in models)
            {
                id.Value = chunk.Id;
                modelName.Value = name;
                vector.Value = RandomUnitVector(random, dimensions);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static byte[] RandomUnitVector(Random random, int dimensions)
    {
        var values = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(values, values));
        System.Numerics.Tensors.TensorPrimitives.Divide(values, norm, values);
        var bytes = new byte[dimensions * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static RetrievalRun RunLucene(SyntheticCorpus corpus, IReadOnlyList<SyntheticQuery> queries, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("platform-bench-lucene-");
        try
        {
            using var lucene = new LuceneBaseline(folder.FullName);
            var sections = corpus.Documents.SelectMany(d => d.Sections).ToList();
            var titles = corpus.Documents.ToDictionary(d => d.Source, d => d.Markdown[2..d.Markdown.IndexOf('\n', StringComparison.Ordinal)], StringComparer.Ordinal);
            var started = Stopwatch.GetTimestamp();
            lucene.Index(sections.Select((s, i) => new BenchPassage(i.ToString(CultureInfo.InvariantCulture), s.Source, titles[s.Source], s.Heading, s.Text)));
            var ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            cancellationToken.ThrowIfCancellationRequested();
            var (latencies, hits) = TimeQueriesAsync(queries, q => Task.FromResult(
                lucene.Search(q.Text, 10).Select(id => sections[int.Parse(id, CultureInfo.InvariantCulture)]).Select(s => (s.Source, s.Heading)).ToList())).GetAwaiter().GetResult();
            return Run("Lucene.NET 4.8 BM25", corpus.Documents.Count, sections.Count, ingestSeconds, latencies, hits);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Times each query after a warm-up; a hit is the query's own section in the top 5.</summary>
    private static async Task<(List<double> Latencies, int Hits)> TimeQueriesAsync(
        IReadOnlyList<SyntheticQuery> queries, Func<SyntheticQuery, Task<List<(string Source, string Heading)>>> search)
    {
        foreach (var query in queries.Take(WarmUpQueries))
        {
            await search(query);
        }

        var latencies = new List<double>(queries.Count);
        var hits = 0;
        foreach (var query in queries)
        {
            var started = Stopwatch.GetTimestamp();
            var results = await search(query);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            hits += results.Take(5).Any(r => r.Source == query.Source && r.Heading == query.Heading) ? 1 : 0;
        }

        return (latencies, hits);
    }

    private static RetrievalRun Run(string engine, int documents, int chunks, double ingestSeconds, List<double> latencies, int hits) => new(
        engine,
        documents,
        chunks,
        Math.Round(ingestSeconds, 2),
        Math.Round(documents / ingestSeconds, 1),
        Math.Round(chunks / ingestSeconds, 1),
        Math.Round(Statistics.Percentile(latencies, 0.50), 2),
        Math.Round(Statistics.Percentile(latencies, 0.99), 2),
        Math.Round(latencies.Average(), 2),
        Math.Round(hits / (double)latencies.Count, 3));

    /// <summary>covidfaq-dev's questions against its knowledge base: ours without and with the synonym list, and Lucene on the same chunks.</summary>
    private static async Task<List<RetrievalQuality>> QualityAsync(string root, string dataset, string? synonyms, CancellationToken cancellationToken)
    {
        var kb = Path.Combine(dataset, "kb");
        var questionsFile = Path.Combine(dataset, "questions.jsonl");
        var questions = await EvalSet.ReadQuestionsAsync(questionsFile, cancellationToken);
        var questionsFolder = Path.GetDirectoryName(Path.GetFullPath(questionsFile))!;
        var gold = questions.Select(q => q.AllGoldSources.Select(s => GoldSource.Parse(s, questionsFolder)).ToList()).ToList();
        var luceneFolder = Directory.CreateTempSubdirectory("platform-bench-lucene-");
        try
        {
            return await OfflineStack.WithFreshStoreAsync(root, async services =>
            {
                var results = new List<RetrievalQuality>();
                var ingestor = services.GetRequiredService<KnowledgeIngestor>();
                var knowledgeBase = await ingestor.EnsureKnowledgeBaseAsync("covidfaq", "covidfaq-dev", cancellationToken);
                await ingestor.IngestFolderAsync(knowledgeBase.Id, kb, cancellationToken);

                async Task<RetrievalQuality> OursAsync(string engine)
                {
                    IRetriever retriever = engine == MemoryKeywordsEngine ? services.GetRequiredService<InMemoryKeywordRetriever>() : services.GetRequiredService<Fts5Retriever>();
                    if (engine == MemoryKeywordsEngine)
                    {
                        await BuildKeywordIndexAsync(services, knowledgeBase.Id, cancellationToken);
                    }

                    var ranks = new List<int?>();
                    for (var i = 0; i < questions.Count; i++)
                    {
                        var passages = (await retriever.RetrieveAsync(knowledgeBase.Id, questions[i].Question, 10, cancellationToken)).Passages;
                        ranks.Add(RankingMetrics.FirstHitRank(passages, p => gold[i].Any(g => g.IsHit(Path.GetFullPath(Path.Combine(kb, p.Source)), p.Text))));
                    }

                    return Quality(engine, ranks);
                }

                results.Add(await OursAsync(KeywordsEngine));
                results.Add(await OursAsync(MemoryKeywordsEngine));

                // Lucene indexes exactly the chunks our store holds, so only the ranking differs.
                await using var db = await services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync(cancellationToken);
                var chunks = await db.Chunks.AsNoTracking().Where(c => c.Document!.KnowledgeBaseId == knowledgeBase.Id)
                    .Select(c => new BenchPassage(c.Id.ToString(), c.Document!.Source, c.Title, c.HeadingPath, c.Text))
                    .ToListAsync(cancellationToken);
                var byId = chunks.ToDictionary(c => c.Id, StringComparer.Ordinal);
                using (var lucene = new LuceneBaseline(luceneFolder.FullName))
                {
                    lucene.Index(chunks);
                    var ranks = questions.Select((q, i) => RankingMetrics.FirstHitRank(
                        lucene.Search(q.Question, 10).Select(id => byId[id]).ToList(),
                        p => gold[i].Any(g => g.IsHit(Path.GetFullPath(Path.Combine(kb, p.Source)), p.Text)))).ToList();
                    results.Add(Quality("Lucene.NET 4.8 BM25", ranks));
                }

                if (synonyms is not null)
                {
                    await ingestor.UpdateSynonymsAsync(knowledgeBase.Id, await File.ReadAllTextAsync(synonyms, cancellationToken), cancellationToken);
                    results.Add(await OursAsync($"ours + {Path.GetFileName(Path.GetDirectoryName(synonyms))}/{Path.GetFileName(synonyms)}"));
                }

                return results;
            }, cancellationToken, KeywordsOnly);
        }
        finally
        {
            luceneFolder.Delete(recursive: true);
        }
    }

    /// <summary>covidfaq-dev with the encoder, every vector in (the worker run to the end), as the server ranks by default.</summary>
    private static async Task<RetrievalQuality> HybridQualityAsync(string root, string dataset, string encoder, CancellationToken cancellationToken)
    {
        var kb = Path.Combine(dataset, "kb");
        var questionsFile = Path.Combine(dataset, "questions.jsonl");
        var questions = await EvalSet.ReadQuestionsAsync(questionsFile, cancellationToken);
        var questionsFolder = Path.GetDirectoryName(Path.GetFullPath(questionsFile))!;
        var gold = questions.Select(q => q.AllGoldSources.Select(s => GoldSource.Parse(s, questionsFolder)).ToList()).ToList();
        return await OfflineStack.WithFreshStoreAsync(root, async services =>
        {
            var ingestor = services.GetRequiredService<KnowledgeIngestor>();
            var retriever = services.GetRequiredService<IRetriever>();
            var knowledgeBase = await ingestor.EnsureKnowledgeBaseAsync("covidfaq", "covidfaq-dev", cancellationToken);
            await ingestor.IngestFolderAsync(knowledgeBase.Id, kb, cancellationToken);
            await services.GetRequiredService<ChunkEmbeddingWorker>().RunAsync(cancellationToken);
            await BuildKeywordIndexAsync(services, knowledgeBase.Id, cancellationToken);
            var ranks = new List<int?>();
            for (var i = 0; i < questions.Count; i++)
            {
                var passages = (await retriever.RetrieveAsync(knowledgeBase.Id, questions[i].Question, 10, cancellationToken)).Passages;
                ranks.Add(RankingMetrics.FirstHitRank(passages, p => gold[i].Any(g => g.IsHit(Path.GetFullPath(Path.Combine(kb, p.Source)), p.Text))));
            }

            return Quality($"ours, hybrid ({encoder})", ranks);
        }, cancellationToken, new Dictionary<string, string?> { ["Platform:Embeddings:Model"] = encoder, ["Platform:Embeddings:ExecutionProvider"] = "cpu" });
    }

    private static RetrievalQuality Quality(string engine, List<int?> ranks) => new(
        engine, ranks.Count, Math.Round(RankingMetrics.RecallAt(ranks, 1), 3), Math.Round(RankingMetrics.RecallAt(ranks, 5), 3), Math.Round(RankingMetrics.MrrAt(ranks, 10), 3));

    private static void Print(RetrievalReport report, TextWriter output)
    {
        var i = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(i, $"bench retrieval: {report.Queries} queries per size after {WarmUpQueries} warm-up; top 10 asked, recall@5 on the query's own section"));
        output.WriteLine(string.Create(i, $"machine: {report.Machine.Cores} cores, {report.Machine.Cpu}, load average {report.Machine.LoadAverage:0.00} at start"));
        output.WriteLine();
        output.WriteLine("engine                            chunks    docs  ingest s    docs/s  chunks/s   p50 ms   p99 ms  mean ms  recall@5");
        foreach (var r in report.Runs)
        {
            var recall = r.SyntheticRecallAt5 is { } value ? value.ToString("0.000", i) : "n/a";
            output.WriteLine(string.Create(i, $"{r.Engine,-32} {r.Chunks,7} {r.Documents,7} {r.IngestSeconds,9:0.00} {r.DocumentsPerSecond,9:0.0} {r.ChunksPerSecond,9:0.0} {r.QueryP50Ms,8:0.00} {r.QueryP99Ms,8:0.00} {r.QueryMeanMs,8:0.00} {recall,9}"));
        }

        output.WriteLine();
        output.WriteLine("keywords / Lucene                 chunks   ingest chunks/s   query p99");
        foreach (var size in report.Runs.GroupBy(r => r.Chunks))
        {
            var ours = size.FirstOrDefault(r => r.Engine == KeywordsEngine);
            var lucene = size.FirstOrDefault(r => r.Engine.StartsWith("Lucene", StringComparison.Ordinal));
            if (ours is not null && lucene is not null)
            {
                output.WriteLine(string.Create(i, $"{string.Empty,-32} {size.Key,7} {ours.ChunksPerSecond / lucene.ChunksPerSecond,16:0.00}x {ours.QueryP99Ms / lucene.QueryP99Ms,10:0.00}x"));
            }
        }

        var memoryRuns = report.Runs.Where(r => r.KeywordIndex is not null).ToList();
        if (memoryRuns.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("keywords in memory                chunks  build s  index MB     terms   postings  p50 vs FTS5  p99 vs FTS5  p99 vs Lucene");
            foreach (var m in memoryRuns)
            {
                var k = m.KeywordIndex!;
                var fts5 = report.Runs.FirstOrDefault(r => r.Chunks == m.Chunks && r.Engine == KeywordsEngine);
                var lucene = report.Runs.FirstOrDefault(r => r.Chunks == m.Chunks && r.Engine.StartsWith("Lucene", StringComparison.Ordinal));
                output.WriteLine(string.Create(i, $"{string.Empty,-32} {m.Chunks,7} {k.BuildSeconds,8:0.00} {k.Bytes / 1048576.0,9:0.0} {k.Terms,9} {k.Postings,10} {m.QueryP50Ms / (fts5?.QueryP50Ms ?? double.NaN),11:0.00}x {m.QueryP99Ms / (fts5?.QueryP99Ms ?? double.NaN),11:0.00}x {m.QueryP99Ms / (lucene?.QueryP99Ms ?? double.NaN),13:0.00}x"));
            }
        }

        var hybrids = report.Runs.Where(r => r.Dense is not null).ToList();
        if (hybrids.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("hybrid: dense half                chunks  embedded  embed chunks/s  with text  tokens mean (p10-p90)  index rows  index MB  query embed p50/p99 ms  scan p50/p99 ms  p99 vs hybrid on FTS5  p99 vs Lucene");
            foreach (var h in hybrids)
            {
                var d = h.Dense!;
                var keywords = report.Runs.FirstOrDefault(r => r.Chunks == h.Chunks && r.Engine == HybridOnFts5Engine);
                var lucene = report.Runs.FirstOrDefault(r => r.Chunks == h.Chunks && r.Engine.StartsWith("Lucene", StringComparison.Ordinal));
                output.WriteLine(string.Create(i, $"{d.Model,-32} {h.Chunks,7} {d.EmbeddedChunks,9} {d.EmbedChunksPerSecond,15:0.0} {d.ChunksPerSecondWithText,10:0.0} {d.MeanTokens,11:0.0} ({d.P10Tokens}-{d.P90Tokens}) {d.IndexRows,11} {d.IndexBytes / 1048576.0,9:0.0} {d.QueryEmbedP50Ms,12:0.00}/{d.QueryEmbedP99Ms:0.00} {d.ScanP50Ms,10:0.00}/{d.ScanP99Ms:0.00} {h.QueryP99Ms / (keywords?.QueryP99Ms ?? double.NaN),20:0.00}x {h.QueryP99Ms / (lucene?.QueryP99Ms ?? double.NaN),13:0.00}x"));
            }
        }

        if (report.Quality.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("covidfaq-dev (300 questions, a hit = any gold source)   recall@1  recall@5  MRR@10");
            foreach (var q in report.Quality)
            {
                output.WriteLine(string.Create(i, $"{q.Engine,-55} {q.RecallAt1,8:0.000} {q.RecallAt5,9:0.000} {q.MrrAt10,7:0.000}"));
            }
        }
    }

    private static void Say(string line) => Console.Error.WriteLine(line);
}
