using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Cli.Bench;
using Platform.Conversations;
using Platform.Inference;
using Platform.Knowledge;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Ingestion;
using Platform.Domain.Conversations;
using Platform.Knowledge.Retrieval;

namespace Platform.Cli.Evaluation;

/// <summary>
/// <c>Platform.Cli eval</c>, the Eval contract in ARCHITECTURE.md: ingests a folder into a fresh store, asks every
/// question (and scope message) through the real conversation service, scores retrieval, answers and hand-off, writes
/// the JSON report and prints a table. Exit codes: 0 measured (and every floor held), 1 a metric fell below its floor,
/// 2 it could not measure (bad option, missing file, bad eval set, nothing ingested, model did not load).
/// </summary>
internal static class EvalCommand
{
    /// <summary>How many passages the ranking metrics look at.</summary>
    public const int RankingDepth = 10;

    /// <summary>How many of a question's ranked passages the report lists.</summary>
    private const int RankedShown = 5;

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        var root = RepositoryRoot.Find();
        try
        {
            var options = EvalOptions.Parse(args, root);
            var floors = options.FloorsFile is null ? null : await EvalFloors.ReadAsync(options.FloorsFile, cancellationToken);
            var report = await EvaluateAsync(options, root, progress.WriteLine, cancellationToken);
            if (options.OutFile is { } outFile)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
                await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(report, JsonOptions) + Environment.NewLine, cancellationToken);
                progress.WriteLine($"eval: wrote {outFile}");
            }

            EvalTable.Print(report, output);
            if (floors is null)
            {
                return 0;
            }

            return EvalFloors.Print(EvalFloors.Check(report, floors), floors.Count, options.FloorsFile!, output);
        }
        catch (Exception e) when (e is EvalUsageException or InvalidDataException)
        {
            await progress.WriteLineAsync($"eval: {e.Message}");
            await progress.WriteLineAsync(EvalOptions.Usage);
            return 2;
        }
        catch (InvalidOperationException e)
        {
            await progress.WriteLineAsync($"eval: {e.Message}");
            return 2;
        }
    }

    /// <summary>Ingests, asks and scores; the report, without judging it against floors.</summary>
    public static async Task<EvalReport> EvaluateAsync(EvalOptions options, string repositoryRoot, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var started = Stopwatch.GetTimestamp();
        var questionsFolder = Path.GetDirectoryName(options.QuestionsFile)!;
        var questions = Take(await EvalSet.ReadQuestionsAsync(options.QuestionsFile, cancellationToken), options.Limit);
        var golds = questions.Select(q => q.AllGoldSources.Select(s => GoldSource.Parse(s, questionsFolder)).ToList()).ToList();
        var missing = golds.SelectMany(g => g).Select(g => g.FullPath).Distinct(StringComparer.Ordinal).Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new EvalUsageException($"{options.QuestionsFile}: gold source file(s) not found (FILE is relative to the questions file's folder): {string.Join(", ", missing)}");
        }

        var scope = options.ScopeFile is null ? [] : Take(await EvalSet.ReadScopeMessagesAsync(options.ScopeFile, cancellationToken), options.Limit);

        var data = Directory.CreateTempSubdirectory("platform-eval-");
        try
        {
            using var host = OfflineStack.Build(repositoryRoot, seedFolder: null, options.ModelFolder, data.FullName, options.Settings);
            await OfflineStack.EnsureFreshStoreAsync(host.Services, cancellationToken);
            await host.StartAsync(cancellationToken);
            try
            {
                var services = host.Services;
                await OfflineStack.WaitUntilReadyAsync(services, options.ModelFolder, cancellationToken);
                var (knowledgeBaseId, ingest) = await IngestAsync(services, options.KnowledgeFolder, options.SynonymsFile, progress, cancellationToken);
                var ingested = Stopwatch.GetTimestamp();
                progress($"eval: {questions.Count} questions, {scope.Count} scope messages");

                var latencies = new List<double>();
                var questionResults = await AskQuestionsAsync(services, options.KnowledgeFolder, knowledgeBaseId, questions, golds, latencies, progress, cancellationToken);
                var asked = Stopwatch.GetTimestamp();
                var scopeResults = await AskScopeAsync(services, knowledgeBaseId, scope, latencies, progress, cancellationToken);

                var knowledge = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
                var settings = services.GetRequiredService<IOptions<ConversationOptions>>().Value;
                var model = services.GetRequiredService<LocalModelHost>().Model;
                return new EvalReport
                {
                    Inputs = new EvalInputs(options.KnowledgeFolder, options.QuestionsFile, options.ScopeFile),
                    Config = new EvalConfig
                    {
                        Path = model is null ? "extractive" : "generated",
                        Model = model?.Name ?? "none",
                        RetrievalTopK = RankingDepth,
                        ServiceTopK = knowledge.TopK,
                        PassagesInPrompt = settings.PassagesInPrompt,
                        MinConfidence = settings.MinConfidence,
                        GroundedShare = OfflineStack.GroundedShare,
                        Embeddings = services.GetRequiredService<ChunkEmbedder>() is { IsEnabled: true } embedder ? embedder.Model : "none",
                        Limit = options.Limit,
                    },
                    Count = questionResults.Count,
                    Retrieval = Retrieval(questionResults),
                    Answers = Answers(questionResults),
                    Handoff = Handoff(scopeResults),
                    LatencyMs = new LatencyMetrics(
                        Round(Statistics.Percentile(latencies, 0.50), 1),
                        Round(Statistics.Percentile(latencies, 0.99), 1),
                        Round(latencies.Count > 0 ? latencies.Average() : double.NaN, 1),
                        latencies.Count),
                    Ingest = ingest,
                    Timing = new EvalTiming(
                        Round(Stopwatch.GetElapsedTime(started, ingested).TotalSeconds, 2),
                        Round(Stopwatch.GetElapsedTime(ingested, asked).TotalSeconds, 2),
                        Round(Stopwatch.GetElapsedTime(asked).TotalSeconds, 2),
                        Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2)),
                    Questions = questionResults,
                    Scope = scopeResults,
                };
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
                await OfflineStack.DeleteStoreAsync(host.Services);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static async Task<(Guid KnowledgeBaseId, IngestSummary Summary)> IngestAsync(
        IServiceProvider services, string folder, string? synonymsFile, Action<string> progress, CancellationToken cancellationToken)
    {
        var ingestor = services.GetRequiredService<KnowledgeIngestor>();
        var slug = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.DefaultKnowledgeBase;
        var knowledgeBase = await ingestor.EnsureKnowledgeBaseAsync(slug, "Default knowledge base", cancellationToken);
        if (synonymsFile is not null)
        {
            try
            {
                await ingestor.UpdateSynonymsAsync(knowledgeBase.Id, await File.ReadAllTextAsync(synonymsFile, cancellationToken), cancellationToken);
            }
            catch (FormatException ex)
            {
                throw new EvalUsageException($"--synonyms {synonymsFile}: {ex.Message}");
            }

            progress($"eval: synonyms from {synonymsFile}");
        }

        var ingestStarted = Stopwatch.GetTimestamp();
        var results = await ingestor.IngestFolderAsync(knowledgeBase.Id, folder, cancellationToken);
        var textSeconds = Stopwatch.GetElapsedTime(ingestStarted).TotalSeconds;
        var failed = results.Where(r => r.Outcome == IngestOutcome.Failed).Select(r => new IngestFailure(r.Source, r.Error ?? "unknown error")).ToList();
        var skipped = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !ingestor.IsSupported(f) && !KnowledgeIngestor.IsExportMetadata(folder, f))
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var failure in failed)
        {
            progress($"eval: ingest FAILED {failure.Source}: {failure.Error}");
        }

        if (skipped.Count > 0)
        {
            progress($"eval: skipped {skipped.Count} file(s) of an unsupported type: {string.Join(", ", skipped.Take(10))}{(skipped.Count > 10 ? ", …" : string.Empty)}");
        }

        var documents = results.Count(r => r.Outcome != IngestOutcome.Failed);
        var chunks = results.Sum(r => r.Chunks);
        if (documents == 0 || chunks == 0)
        {
            throw new EvalUsageException($"--kb {folder}: nothing was ingested ({results.Count} supported file(s), {failed.Count} failed, {skipped.Count} skipped)");
        }

        progress($"eval: ingested {documents} document(s), {chunks} chunk(s) from {folder}; {failed.Count} failed");

        // Ingestion commits the text (keyword search has it at once) and wakes the embedding worker, which embeds while
        // the rest of the folder is read; the figures want every vector in, so the time is from the start of ingestion
        // to the last vector.
        var embedder = services.GetRequiredService<ChunkEmbedder>();
        await services.GetRequiredService<ChunkEmbeddingWorker>().RunAsync(cancellationToken);
        var embedSeconds = Stopwatch.GetElapsedTime(ingestStarted).TotalSeconds;
        var status = await services.GetRequiredService<ChunkEmbeddingWorker>().GetStatusAsync(knowledgeBase.Id, cancellationToken);
        if (embedder.IsEnabled)
        {
            progress($"eval: {status.Embedded}/{status.Total} chunk(s) have {embedder.Model} vectors, {embedSeconds:0.0} s from the start of ingestion (text searchable after {textSeconds:0.0} s)");
        }

        // Every question on the configured keyword engine: the in-memory index is built before the first one, so none
        // is answered by FTS5 while it builds.
        await services.GetRequiredService<Platform.Knowledge.Lexical.KeywordIndexes>().WhenBuiltAsync(knowledgeBase.Id, cancellationToken);

        return (knowledgeBase.Id, new IngestSummary(documents, chunks, failed, skipped)
        {
            EmbedS = Round(embedSeconds, 2),
            EmbedChunksPerS = embedder.IsEnabled && status.Total > 0 ? Round(status.Total / Math.Max(embedSeconds, 1e-3), 1) : null,
        });
    }

    private static async Task<List<QuestionResult>> AskQuestionsAsync(
        IServiceProvider services,
        string knowledgeFolder,
        Guid knowledgeBaseId,
        List<EvalQuestion> questions,
        List<List<GoldSource>> golds,
        List<double> latencies,
        Action<string> progress,
        CancellationToken cancellationToken)
    {
        var retriever = services.GetRequiredService<IRetriever>();
        var results = new List<QuestionResult>(questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            var asked = await OfflineStack.AskAsync(services, $"eval-question-{i}", question.Id, question.Question, cancellationToken);

            // The reply cites only what it quoted; ranking needs the whole list, from the same retriever and knowledge base.
            var ranked = await retriever.RetrieveAsync(knowledgeBaseId, question.Question, RankingDepth, cancellationToken);
            bool IsGold(RetrievedPassage p) => golds[i].Exists(g => g.IsHit(Path.GetFullPath(Path.Combine(knowledgeFolder, p.Source)), p.Text));
            bool IsGoldCitation(Citation c) => ranked.Passages.Any(p => p.ChunkId == c.ChunkId && IsGold(p));
            var rank = RankingMetrics.FirstHitRank(ranked.Passages, IsGold);
            var top = ranked.Passages.Count > 0 ? $"{ranked.Passages[0].Source} › {ranked.Passages[0].HeadingPath}" : null;

            var reply = asked.Finished?.Reply;
            double f1 = 0;
            bool? grounded = null;
            if (ScopeDecision.Answered(reply))
            {
                f1 = AnswerF1.Score(reply!.Text, question.GoldAnswer);
                var share = await OfflineStack.SupportedShareAsync(services, asked.KnowledgeBaseId, question.Question, reply.Text, cancellationToken);
                grounded = share >= OfflineStack.GroundedShare;
            }

            if (asked.Finished is not null)
            {
                latencies.Add(asked.LatencyMs);
            }

            results.Add(new QuestionResult
            {
                Id = question.Id,
                FirstHitRank = rank,
                Top = top,
                Confidence = reply?.Confidence is { } c ? Round(c, 4) : null,
                Signals = SignalsOf(ranked),
                Ranked = [.. ranked.Passages.Take(RankedShown).Select(p => new RankedPassage($"{p.Source} › {p.HeadingPath}", p.Score, p.Similarity, IsGold(p)))],
                Source = ScopeDecision.SourceName(reply),
                OfferHuman = asked.Finished?.OfferHuman ?? false,
                F1 = Round(f1, 4),
                Grounded = grounded,
                Reply = reply?.Text,
                ChoiceHasGold = reply?.Source == ReplySource.Clarify ? reply.Citations.Exists(IsGoldCitation) : null,
                CitesGold = ScopeDecision.Answered(reply) ? reply!.Citations.Count > 0 && IsGoldCitation(reply.Citations[0]) : null,
                LatencyMs = Round(asked.LatencyMs, 1),
            });
            if ((i + 1) % 50 == 0)
            {
                progress($"  {i + 1}/{questions.Count} questions");
            }
        }

        return results;
    }

    private static async Task<List<ScopeResult>> AskScopeAsync(
        IServiceProvider services, Guid knowledgeBaseId, List<ScopeMessage> messages, List<double> latencies, Action<string> progress, CancellationToken cancellationToken)
    {
        var results = new List<ScopeResult>(messages.Count);
        var retriever = services.GetRequiredService<IRetriever>();
        var topK = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.TopK;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var asked = await OfflineStack.AskAsync(services, $"eval-scope-{i}", message.Id, message.Text, cancellationToken);
            var ranked = await retriever.RetrieveAsync(knowledgeBaseId, message.Text, topK, cancellationToken);
            var reply = asked.Finished?.Reply;
            if (asked.Finished is not null)
            {
                latencies.Add(asked.LatencyMs);
            }

            results.Add(new ScopeResult
            {
                Id = message.Id,
                Label = message.Label,
                Predicted = ScopeDecision.Predict(reply),
                Confidence = reply?.Confidence is { } c ? Round(c, 4) : null,
                Signals = SignalsOf(ranked),
                Source = ScopeDecision.SourceName(reply),
                LatencyMs = Round(asked.LatencyMs, 1),
            });
            if ((i + 1) % 50 == 0)
            {
                progress($"  {i + 1}/{messages.Count} scope messages");
            }
        }

        return results;
    }

    private static RetrievalSignals SignalsOf(RetrievalResult result) =>
        new(Round(result.Coverage, 4), Round(result.KnownShare, 4), Round(result.DenseSimilarity, 4), Round(result.DenseMargin, 4));

    private static RetrievalMetrics Retrieval(List<QuestionResult> results)
    {
        var ranks = results.Select(r => r.FirstHitRank).ToList();
        return new RetrievalMetrics
        {
            RecallAt1 = Round(RankingMetrics.RecallAt(ranks, 1), 4),
            RecallAt5 = Round(RankingMetrics.RecallAt(ranks, 5), 4),
            RecallAt10 = Round(RankingMetrics.RecallAt(ranks, 10), 4),
            MrrAt10 = Round(RankingMetrics.MrrAt(ranks, 10), 4),
        };
    }

    private static AnswerMetrics Answers(List<QuestionResult> results)
    {
        var answered = results.Where(r => r.Source is "extractive" or "generated").ToList();
        var clarified = results.Where(r => r.Source == ScopeDecision.Clarify).ToList();
        return new AnswerMetrics
        {
            F1 = Round(results.Count > 0 ? results.Average(r => r.F1) : 0, 4),
            F1Answered = Round(answered.Count > 0 ? answered.Average(r => r.F1) : 0, 4),
            Grounded = Round(answered.Count > 0 ? answered.Count(r => r.Grounded == true) / (double)answered.Count : 0, 4),
            Answered = answered.Count,
            Generated = results.Count(r => r.Source == "generated"),
            Extractive = results.Count(r => r.Source == "extractive"),
            NoAnswer = results.Count - answered.Count - clarified.Count,
            Clarified = clarified.Count,
            ClarifiedWithGold = clarified.Count(r => r.ChoiceHasGold == true),
            WrongEntry = answered.Count(r => r.CitesGold == false),
        };
    }

    /// <summary>Precision, recall and F1 of predicting <c>out_of_scope</c> (see <see cref="ScopeDecision"/>).</summary>
    internal static HandoffMetrics Handoff(IReadOnlyList<ScopeResult> results)
    {
        if (results.Count == 0)
        {
            return new HandoffMetrics { Count = 0 };
        }

        bool Predicted(ScopeResult r) => r.Predicted == ScopeDecision.OutOfScope;
        bool Actual(ScopeResult r) => r.Label == ScopeDecision.OutOfScope;
        var tp = results.Count(r => Predicted(r) && Actual(r));
        var fp = results.Count(r => Predicted(r) && !Actual(r));
        var fn = results.Count(r => !Predicted(r) && Actual(r));
        var tn = results.Count - tp - fp - fn;
        var precision = tp + fp > 0 ? tp / (double)(tp + fp) : 0;
        var recall = tp + fn > 0 ? tp / (double)(tp + fn) : 0;
        var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new HandoffMetrics
        {
            Count = results.Count,
            Precision = Round(precision, 4),
            Recall = Round(recall, 4),
            F1 = Round(f1, 4),
            Accuracy = Round((tp + tn) / (double)results.Count, 4),
            TruePositives = tp,
            FalsePositives = fp,
            FalseNegatives = fn,
            TrueNegatives = tn,
        };
    }

    private static List<T> Take<T>(IReadOnlyList<T> items, int? limit) => [.. limit is { } n ? items.Take(n) : items];

    private static double Round(double value, int digits) => double.IsNaN(value) ? value : Math.Round(value, digits);
}
