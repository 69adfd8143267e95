using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.TestSupport;

namespace Platform.Cli.Tests;

/// <summary>
/// The sample knowledge base's trap set (tests/data/sample-kb/traps.jsonl) asked for real, through the whole stack as
/// <c>eval</c> runs it: the default encoder, the extractive path and the shipped model. No reply may contain what the
/// trap names as the confident wrong answer ("Yes" to "Do you ship to Antarctica?"), whichever path answers.
/// </summary>
public sealed partial class TrapSetEvalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trap-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("none")]
    [InlineData("models/support-gpt")]
    public async Task NoReplyToATrap_SaysWhatTheTrapForbids(string model)
    {
        var traps = await WriteTrapQuestionsAsync();
        var report = Path.Combine(_folder, "report.json");

        var run = await EvalRun.StartAsync(
            "--kb", RepositoryPaths.SampleKnowledgeBase, "--questions", Path.Combine(_folder, "traps.jsonl"), "--model", model, "--out", report);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var problems = new List<string>();
        var replies = json.RootElement.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(traps.Count, replies.Count);
        foreach (var reply in replies)
        {
            var id = reply.GetProperty("id").GetString()!;
            var text = reply.GetProperty("reply").GetString() ?? string.Empty;
            foreach (var forbidden in traps[id])
            {
                // Case-sensitive, as a word: "No" the frame, not "no" inside "no charge" or "Nothing".
                if (Regex.IsMatch(text, $@"(?<!\w){Regex.Escape(forbidden)}(?!\w)"))
                {
                    problems.Add($"{id}: the reply says '{forbidden}': {text}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Writes the traps as an eval questions file (absolute gold paths) and returns each trap's forbidden phrases.</summary>
    private async Task<Dictionary<string, List<string>>> WriteTrapQuestionsAsync()
    {
        var setFolder = Path.Combine(RepositoryPaths.TestData, "sample-kb");
        var forbidden = new Dictionary<string, List<string>>();
        var lines = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(setFolder, "traps.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var trap = JsonDocument.Parse(line);
            var root = trap.RootElement;
            var id = root.GetProperty("id").GetString()!;
            var source = (root.TryGetProperty("gold_source", out var gold) && gold.ValueKind == JsonValueKind.String ? gold : root.GetProperty("lure_source")).GetString()!;
            var hash = source.IndexOf('#', StringComparison.Ordinal);
            var absolute = Path.GetFullPath(Path.Combine(setFolder, source[..hash])) + source[hash..];
            var answer = root.TryGetProperty("honest_reply", out var honest) ? honest.GetString() : "not mentioned";
            lines.Add(JsonSerializer.Serialize(new Dictionary<string, string?>
            {
                ["id"] = id,
                ["question"] = root.GetProperty("question").GetString(),
                ["gold_answer"] = answer,
                ["gold_source"] = absolute,
            }));
            forbidden[id] = [.. root.GetProperty("must_not_contain").EnumerateArray().Select(e => e.GetString()!)];
        }

        await File.WriteAllLinesAsync(Path.Combine(_folder, "traps.jsonl"), lines);
        return forbidden;
    }
}
