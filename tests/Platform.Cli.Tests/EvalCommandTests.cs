using System.Text.Json;
using Platform.Cli.Evaluation;
using Platform.TestSupport;

namespace Platform.Cli.Tests;

public sealed class EvalCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("platform-cli-tests-");

    private static string SampleSet => Path.Combine(RepositoryPaths.TestData, "sample-kb");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Eval_UnknownOption_ExitsTwoAndNamesIt()
    {
        var run = await EvalRun.StartAsync("--kb", RepositoryPaths.SampleKnowledgeBase, "--questions", Path.Combine(SampleSet, "questions.jsonl"), "--top", "3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown option '--top'", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MissingQuestionsFile_ExitsTwoAndNamesIt()
    {
        var run = await EvalRun.StartAsync("--kb", RepositoryPaths.SampleKnowledgeBase, "--questions", Path.Combine(_temp.FullName, "nope.jsonl"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--questions: no file at", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_FolderWithNothingToIngest_ExitsTwoAndSaysSo()
    {
        var kb = _temp.CreateSubdirectory("kb");
        await File.WriteAllTextAsync(Path.Combine(kb.FullName, "notes.pdf"), "not a supported type");
        await File.WriteAllTextAsync(Path.Combine(kb.FullName, "empty.md"), string.Empty);
        var questions = Path.Combine(_temp.FullName, "questions.jsonl");
        await File.WriteAllTextAsync(questions, """{"id":"q1","question":"what is it","gold_answer":"x","gold_source":"kb/empty.md#x"}""" + "\n");

        var run = await EvalRun.StartAsync("--kb", kb.FullName, "--questions", questions);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was ingested", run.Errors, StringComparison.Ordinal);
        Assert.Contains("ingest FAILED empty.md", run.Errors, StringComparison.Ordinal);
        Assert.Contains("notes.pdf", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MetricBelowItsFloor_ExitsOneAndNamesMetricAndFloor()
    {
        var floors = Path.Combine(_temp.FullName, "floors.json");
        await File.WriteAllTextAsync(floors, """{"retrieval.recall@10": 0.0, "retrieval.recall@5": 1.01}""");

        var run = await EvalRun.StartAsync(
            "--kb", RepositoryPaths.SampleKnowledgeBase,
            "--questions", Path.Combine(SampleSet, "questions.jsonl"),
            "--limit", "5",
            "--floors", floors);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("BELOW FLOOR: retrieval.recall@5 = ", run.Output, StringComparison.Ordinal);
        Assert.Contains("is below its floor 1.0100", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("retrieval.recall@10 =", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_WithOut_WritesTheContractFieldsAndPerQuestionDetails()
    {
        var report = Path.Combine(_temp.FullName, "report.json");

        var run = await EvalRun.StartAsync(
            "--kb", RepositoryPaths.SampleKnowledgeBase,
            "--questions", Path.Combine(SampleSet, "questions.jsonl"),
            "--oos", Path.Combine(SampleSet, "oos.jsonl"),
            "--limit", "6",
            "--out", report);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var root = json.RootElement;
        Assert.Equal(6, root.GetProperty("count").GetInt32());
        foreach (var (section, fields) in new[]
        {
            ("retrieval", new[] { "recall@1", "recall@5", "recall@10", "mrr@10" }),
            ("answers", ["f1", "grounded"]),
            ("handoff", ["precision", "recall", "f1"]),
            ("latency_ms", ["p50", "p99"]),
            ("config", ["model", "retrieval_top_k", "min_confidence"]),
            ("timing", ["total_s"]),
        })
        {
            foreach (var field in fields)
            {
                Assert.True(root.GetProperty(section).TryGetProperty(field, out _), $"{section}.{field} is missing from the report");
            }
        }

        Assert.Equal("none", root.GetProperty("config").GetProperty("model").GetString());
        var first = root.GetProperty("questions")[0];
        Assert.Equal("rq-001", first.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Number, first.GetProperty("first_hit_rank").ValueKind);
        Assert.Equal(6, root.GetProperty("scope").GetArrayLength());
    }

    [Fact]
    public void Handoff_OutOfScopeIsThePositiveClass()
    {
        ScopeResult Result(string label, string predicted) => new() { Id = "m", Label = label, Predicted = predicted, Source = "x", LatencyMs = 0 };

        var metrics = EvalCommand.Handoff(
        [
            Result("out_of_scope", "out_of_scope"),
            Result("out_of_scope", "out_of_scope"),
            Result("out_of_scope", "in_scope"),
            Result("in_scope", "out_of_scope"),
            Result("in_scope", "in_scope"),
        ]);

        Assert.Equal((2, 1, 1, 1), (metrics.TruePositives, metrics.FalsePositives, metrics.FalseNegatives, metrics.TrueNegatives));
        Assert.Equal(2 / 3.0, metrics.Precision!.Value, 4);
        Assert.Equal(2 / 3.0, metrics.Recall!.Value, 4);
        Assert.Equal(2 / 3.0, metrics.F1!.Value, 4);
    }
}
