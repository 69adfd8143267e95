using System.Text.Json;
using Platform.Cli.Evaluation.Pii;
using Platform.Privacy;
using Platform.TestSupport;

namespace Platform.Cli.Tests;

/// <summary>
/// The PII redactor against its labelled sets: each must hold the checked-in floors (issue 7: recall at least 0.95
/// overall and 0.99 for card numbers and emails), so a recognizer change that loses recall fails CI.
/// </summary>
public sealed class PiiEvalTests
{
    private static string Set(string name) => Path.Combine(RepositoryPaths.TestData, "pii", name);

    [Theory]
    [InlineData("labelled.jsonl")]
    [InlineData("heldout.jsonl")]
    public async Task EvalPii_LabelledSet_HoldsItsFloors(string file)
    {
        var output = new StringWriter();
        var progress = new StringWriter();
        var report = Path.Combine(Path.GetTempPath(), $"pii-eval-{Guid.NewGuid():N}.json");
        try
        {
            var code = await PiiEvalCommand.RunAsync(
                ["--data", Set(file), "--floors", Set("floors.json"), "--out", report], output, progress, CancellationToken.None);

            Assert.True(code == 0, $"exit {code}\n{output}\n{progress}");
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            Assert.True(json.RootElement.GetProperty("count").GetInt32() >= 100);
            Assert.True(json.RootElement.GetProperty("types").GetProperty("PersonName").GetProperty("gold").GetInt32() > 0);
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public async Task FloorsFile_KeepsTheIssueMinimums()
    {
        using var floors = JsonDocument.Parse(await File.ReadAllTextAsync(Set("floors.json")));
        var root = floors.RootElement;

        Assert.True(root.GetProperty("overall.recall").GetDouble() >= 0.95);
        Assert.True(root.GetProperty("types.CardNumber.recall").GetDouble() >= 0.99);
        Assert.True(root.GetProperty("types.Email.recall").GetDouble() >= 0.99);
    }

    [Fact]
    public async Task EvalPii_FloorAboveTheMeasure_ExitsOne()
    {
        var floors = Path.Combine(Path.GetTempPath(), $"pii-floors-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(floors, """{"overall.recall": 1.01}""");
        try
        {
            var code = await PiiEvalCommand.RunAsync(["--data", Set("heldout.jsonl"), "--floors", floors], TextWriter.Null, TextWriter.Null, CancellationToken.None);

            Assert.Equal(1, code);
        }
        finally
        {
            File.Delete(floors);
        }
    }

    [Fact]
    public void Score_PredictionCoveringHalfTheGoldSpan_Counts_LessDoesNot()
    {
        // "Maria Lopez" is 11 characters; the stub finds 6 of them in the first message and 5 in the second.
        PiiExample[] examples =
        [
            new("hi Maria Lopez", [new GoldSpan(PiiType.PersonName, 3, 14)]),
            new("hi Maria Lopez", [new GoldSpan(PiiType.PersonName, 3, 14)]),
        ];
        var half = PiiScorer.Score(new StubRedactor(_ => [new PiiSpan(PiiType.PersonName, 3, 6, "Maria ")]), examples[..1], "inline");
        var less = PiiScorer.Score(new StubRedactor(_ => [new PiiSpan(PiiType.PersonName, 3, 5, "Maria")]), examples[1..], "inline");

        Assert.Equal(1.0, half.Overall.Recall);
        Assert.Equal(0.0, less.Overall.Recall);
        Assert.Equal(0.0, less.Overall.Precision);
    }

    [Fact]
    public async Task EvalPii_MissingData_ExitsTwo() =>
        Assert.Equal(2, await PiiEvalCommand.RunAsync(["--data", "no/such/file.jsonl"], TextWriter.Null, TextWriter.Null, CancellationToken.None));

    private sealed class StubRedactor(Func<string, PiiSpan[]> find) : IPiiRedactor
    {
        public RedactionResult Redact(string text) => new(text, find(text));
    }
}
