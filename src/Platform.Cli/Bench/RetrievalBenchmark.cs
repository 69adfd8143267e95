using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cli.Evaluation;
using Platform.Data;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Retrieval;

namespace Platform.Cli.Bench;

/// <summary>One engine at one corpus size.</summary>
internal sealed record RetrievalRun(
    string Engine, int Documents, int Chunks, double IngestSeconds, double DocumentsPerSecond, double ChunksPerSecond,
    double QueryP50Ms, double QueryP99Ms, double QueryMeanMs, double SyntheticRecallAt5);

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
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var sizes = options.GetIntList("sizes", [1_000, 10_000, 100_000]);
        var queryCount = options.GetInt("queries", 300);
        var quality = RepositoryRoot.Resolve(root, options.Get("quality", Path.Combine("..", "shared", "datasets", "covidfaq-dev")));
        var synonyms = options.Values.TryGetValue("synonyms", out var file) ? RepositoryRoot.Resolve(root, file) : Path.Combine(root, "tests", "data", "covidfaq", "synonyms.txt");
        var output = RepositoryRoot.Resolve(root, options.Get("out", Path.Combine("data", "bench", "retrieval.json")));
        var machine = MachineInfo.Describe();
        Say($"bench retrieval: sizes {string.Join(", ", sizes)} chunks, {queryCount} queries each; load average {machine.LoadAverage?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"} on {machine.Cores} cores");

        var runs = new List<RetrievalRun>();
        foreach (var size in sizes)
        {
            var corpus = SyntheticCorpus.Generate(Path.Combine(root, "samples", "knowledge-base"), size, seed: size);
            var queries = corpus.Queries(queryCount, seed: size + 1);
            Say($"{size} chunks: {corpus.Documents.Count} documents, vocabulary {corpus.VocabularySize} words");
            runs.Add(await RunOursAsync(root, corpus, queries, cancellationToken));
            runs.Add(RunLucene(corpus, queries, cancellationToken));
        }

        var qualities = new List<RetrievalQuality>();
        if (Directory.Exists(quality))
        {
            qualities.AddRange(await QualityAsync(root, quality, File.Exists(synonyms) ? synonyms : null, cancellationToken));
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

    private static Task<RetrievalRun> RunOursAsync(string root, SyntheticCorpus corpus, IReadOnlyList<SyntheticQuery> queries, CancellationToken cancellationToken) =>
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
            var retriever = services.GetRequiredService<IRetriever>();
            var (latencies, hits) = await TimeQueriesAsync(queries, async q =>
                (await retriever.RetrieveAsync(knowledgeBase.Id, q.Text, 10, cancellationToken)).Passages
                    .Select(p => (p.Source, p.HeadingPath)).ToList());
            return Run("ours (SQLite FTS5)", corpus.Documents.Count, chunks, ingestSeconds, latencies, hits);
        }, cancellationToken);

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
                var retriever = services.GetRequiredService<IRetriever>();
                var knowledgeBase = await ingestor.EnsureKnowledgeBaseAsync("covidfaq", "covidfaq-dev", cancellationToken);
                await ingestor.IngestFolderAsync(knowledgeBase.Id, kb, cancellationToken);

                async Task<RetrievalQuality> OursAsync(string engine)
                {
                    var ranks = new List<int?>();
                    for (var i = 0; i < questions.Count; i++)
                    {
                        var passages = (await retriever.RetrieveAsync(knowledgeBase.Id, questions[i].Question, 10, cancellationToken)).Passages;
                        ranks.Add(RankingMetrics.FirstHitRank(passages, p => gold[i].Any(g => g.IsHit(Path.GetFullPath(Path.Combine(kb, p.Source)), p.Text))));
                    }

                    return Quality(engine, ranks);
                }

                results.Add(await OursAsync("ours (SQLite FTS5)"));

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
            }, cancellationToken);
        }
        finally
        {
            luceneFolder.Delete(recursive: true);
        }
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
        output.WriteLine("engine                  chunks    docs  ingest s    docs/s  chunks/s   p50 ms   p99 ms  mean ms  recall@5");
        foreach (var r in report.Runs)
        {
            output.WriteLine(string.Create(i, $"{r.Engine,-22} {r.Chunks,7} {r.Documents,7} {r.IngestSeconds,9:0.00} {r.DocumentsPerSecond,9:0.0} {r.ChunksPerSecond,9:0.0} {r.QueryP50Ms,8:0.00} {r.QueryP99Ms,8:0.00} {r.QueryMeanMs,8:0.00} {r.SyntheticRecallAt5,9:0.000}"));
        }

        output.WriteLine();
        output.WriteLine("ours / Lucene           chunks   ingest chunks/s   query p99");
        foreach (var pair in report.Runs.Chunk(2).Where(p => p.Length == 2))
        {
            output.WriteLine(string.Create(i, $"{string.Empty,-22} {pair[0].Chunks,7} {pair[0].ChunksPerSecond / pair[1].ChunksPerSecond,16:0.00}x {pair[0].QueryP99Ms / pair[1].QueryP99Ms,10:0.00}x"));
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
