using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Domain.Conversations;
using Platform.Inference;

namespace Platform.Cli.Bench;

/// <summary>One question of a dev set (<c>questions.jsonl</c>).</summary>
internal sealed record QualityQuestion(string Id, string Question, string GoldAnswer);

/// <summary>One way of answering: no model (extractive), or a model folder with extra configuration.</summary>
internal sealed record QualityPath(string Name, string? ModelFolder, IReadOnlyDictionary<string, string?>? Settings = null)
{
    public static QualityPath Extractive { get; } = new("extractive", null);

    public static QualityPath Generated(string modelFolder) => new("generated", modelFolder);

    /// <summary>The model's cited sentences only, without quoting whole FAQ entries: what the model selects by itself.</summary>
    public static QualityPath GeneratedCitedOnly(string modelFolder) =>
        new("gen, cited", modelFolder, new Dictionary<string, string?> { ["Platform:Model:QuoteWholeFaqEntries"] = "false" });
}

/// <summary>One question's reply on one path, kept in the JSON report so two paths can be compared question by question.</summary>
internal sealed record QualityAnswer(string Id, string Source, double F1, string Reply);

/// <summary>How one reply path did over the dev set.</summary>
internal sealed record QualityResult
{
    /// <summary><c>generated</c> (model configured) or <c>extractive</c> (no model).</summary>
    public required string Path { get; init; }

    public string? Model { get; init; }

    public required int Count { get; init; }

    /// <summary>Mean answer F1 over every question; a NoAnswer reply scores 0.</summary>
    public required double F1 { get; init; }

    /// <summary>Mean answer F1 over the replies that answered.</summary>
    public required double F1Answered { get; init; }

    /// <summary>Share of answered replies with at least 80% of their content words in the passages they were built from.</summary>
    public required double GroundedRate { get; init; }

    /// <summary>Mean length of the answered replies in words, beside the gold answers' mean: F1 punishes a short quote of a long answer.</summary>
    public required double ReplyWords { get; init; }

    public required double GoldWords { get; init; }

    public required int Generated { get; init; }

    public required int Extractive { get; init; }

    public required int NoAnswer { get; init; }

    public required double LatencyP50Ms { get; init; }

    public required double LatencyP99Ms { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Every question's reply (JSON report only).</summary>
    public required IReadOnlyList<QualityAnswer> Answers { get; init; }
}

/// <summary>
/// Asks a dev set's questions through the real stack: a host composed as the server composes it (data, knowledge,
/// inference, conversations), a fresh SQLite store in a temporary folder seeded from the dev set's knowledge base.
/// </summary>
internal static class QualityBenchmark
{
    public const double GroundedShare = OfflineStack.GroundedShare;

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<IReadOnlyList<QualityQuestion>> ReadQuestionsAsync(string file, int limit, CancellationToken cancellationToken)
    {
        var questions = new List<QualityQuestion>();
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            if (questions.Count >= limit)
            {
                break;
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                questions.Add(JsonSerializer.Deserialize<QualityQuestion>(line, JsonOptions) ?? throw new JsonException($"{file}: a null line"));
            }
        }

        return questions;
    }

    /// <summary>Asks every question once on a fresh store, answering the way <paramref name="path"/> says.</summary>
    public static async Task<QualityResult> RunAsync(
        string repositoryRoot, string knowledgeFolder, IReadOnlyList<QualityQuestion> questions, QualityPath path, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var modelFolder = path.ModelFolder;
        var data = Directory.CreateTempSubdirectory("platform-bench-quality-");
        try
        {
            using var host = OfflineStack.Build(repositoryRoot, knowledgeFolder, modelFolder, data.FullName, path.Settings);
            await host.StartAsync(cancellationToken);
            try
            {
                await OfflineStack.WaitUntilReadyAsync(host.Services, modelFolder, cancellationToken);
                return await AskAllAsync(host.Services, questions, path, progress, cancellationToken);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static async Task<QualityResult> AskAllAsync(
        IServiceProvider services, IReadOnlyList<QualityQuestion> questions, QualityPath path, Action<string> progress, CancellationToken cancellationToken)
    {
        var modelHost = services.GetRequiredService<LocalModelHost>();
        var latencies = new List<double>(questions.Count);
        var f1 = new List<double>(questions.Count);
        var answeredF1 = new List<double>();
        var replyWords = new List<double>();
        var answers = new List<QualityAnswer>(questions.Count);
        int generated = 0, extractive = 0, noAnswer = 0, grounded = 0;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            var asked = await OfflineStack.AskAsync(services, $"bench-visitor-{i}", question.Id, question.Question, cancellationToken);
            if (asked.Finished is not { } finished)
            {
                noAnswer++;
                f1.Add(0);
                answers.Add(new QualityAnswer(question.Id, "none", 0, string.Empty));
                continue;
            }

            latencies.Add(asked.LatencyMs);
            var reply = finished.Reply;
            switch (reply.Source)
            {
                case ReplySource.Generated:
                    generated++;
                    break;
                case ReplySource.Extractive:
                    extractive++;
                    break;
                default:
                    noAnswer++;
                    break;
            }

            if (reply.Source is ReplySource.NoAnswer or ReplySource.Greeting or null)
            {
                f1.Add(0);
                answers.Add(new QualityAnswer(question.Id, reply.Source?.ToString().ToLowerInvariant() ?? "none", 0, reply.Text));
            }
            else
            {
                var score = AnswerF1.Score(reply.Text, question.GoldAnswer);
                answers.Add(new QualityAnswer(question.Id, reply.Source.ToString()!.ToLowerInvariant(), score, reply.Text));
                f1.Add(score);
                answeredF1.Add(score);
                replyWords.Add(AnswerF1.Normalize(reply.Text).Count);
                var share = await OfflineStack.SupportedShareAsync(services, asked.KnowledgeBaseId, question.Question, reply.Text, cancellationToken);
                grounded += share >= GroundedShare ? 1 : 0;
            }

            if ((i + 1) % 25 == 0)
            {
                progress($"  {i + 1}/{questions.Count} questions");
            }
        }

        var answered = generated + extractive;
        return new QualityResult
        {
            Path = path.Name,
            Model = modelHost.Model?.Name,
            Count = questions.Count,
            F1 = f1.Count > 0 ? f1.Average() : 0,
            F1Answered = answeredF1.Count > 0 ? answeredF1.Average() : 0,
            GroundedRate = answered > 0 ? grounded / (double)answered : 0,
            ReplyWords = replyWords.Count > 0 ? replyWords.Average() : 0,
            GoldWords = questions.Count > 0 ? questions.Average(q => AnswerF1.Normalize(q.GoldAnswer).Count) : 0,
            Generated = generated,
            Extractive = extractive,
            NoAnswer = noAnswer,
            LatencyP50Ms = Statistics.Percentile(latencies, 0.50),
            LatencyP99Ms = Statistics.Percentile(latencies, 0.99),
            Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            Answers = answers,
        };
    }
}
