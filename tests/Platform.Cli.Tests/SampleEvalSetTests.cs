using Platform.Cli.Evaluation;
using Platform.TestSupport;

namespace Platform.Cli.Tests;

/// <summary>The sample knowledge base's eval set is only worth its floors if every gold source points at real text.</summary>
public sealed class SampleEvalSetTests
{
    private static string SetFolder => Path.Combine(RepositoryPaths.TestData, "sample-kb");

    [Fact]
    public async Task EveryGoldSource_ResolvesToAKnowledgeBaseFile_AndItsAnchorOccursInExactlyOnePassageOfIt()
    {
        var questions = await EvalSet.ReadQuestionsAsync(Path.Combine(SetFolder, "questions.jsonl"), CancellationToken.None);
        var knowledgeBase = RepositoryPaths.SampleKnowledgeBase + Path.DirectorySeparatorChar;
        var problems = new List<string>();
        foreach (var question in questions)
        {
            foreach (var source in question.AllGoldSources)
            {
                var gold = GoldSource.Parse(source, SetFolder);
                if (!gold.FullPath.StartsWith(knowledgeBase, StringComparison.Ordinal) || !File.Exists(gold.FullPath))
                {
                    problems.Add($"{question.Id}: {source} is not a file of {knowledgeBase}");
                    continue;
                }

                // A passage starts at each heading, so the anchor must sit in one heading's section, not across two or in several.
                var sections = Sections(await File.ReadAllTextAsync(gold.FullPath));
                var containing = sections.Count(s => s.Contains(gold.Anchor, StringComparison.OrdinalIgnoreCase));
                if (containing != 1)
                {
                    problems.Add($"{question.Id}: anchor '{gold.Anchor}' occurs in {containing} sections of {source}");
                }
            }

            if (!question.AllGoldSources.Contains(question.GoldSource))
            {
                problems.Add($"{question.Id}: gold_sources does not include gold_source");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task EveryGoldAnswer_IsTextOfItsGoldFile()
    {
        var questions = await EvalSet.ReadQuestionsAsync(Path.Combine(SetFolder, "questions.jsonl"), CancellationToken.None);

        var problems = new List<string>();
        foreach (var question in questions)
        {
            var text = await File.ReadAllTextAsync(GoldSource.Parse(question.GoldSource, SetFolder).FullPath);
            if (!text.Contains(question.GoldAnswer, StringComparison.Ordinal))
            {
                problems.Add(question.Id);
            }
        }

        Assert.True(problems.Count == 0, $"gold answers not verbatim in their gold file: {string.Join(", ", problems)}");
    }

    [Fact]
    public async Task Sets_HaveUniqueIds_AtLeast120Questions_AndBalancedScopeMessages()
    {
        var questions = await EvalSet.ReadQuestionsAsync(Path.Combine(SetFolder, "questions.jsonl"), CancellationToken.None);
        var scope = await EvalSet.ReadScopeMessagesAsync(Path.Combine(SetFolder, "oos.jsonl"), CancellationToken.None);

        Assert.True(questions.Count >= 120, $"{questions.Count} questions");
        Assert.Equal(questions.Count, questions.Select(q => q.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(scope.Count, scope.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(scope.Count(m => m.IsOutOfScope), scope.Count(m => !m.IsOutOfScope));
        Assert.True(scope.Count >= 80, $"{scope.Count} scope messages");
    }

    [Theory]
    [InlineData("sample-kb/floors.json")]
    [InlineData("covidfaq/floors.json")]
    public async Task FloorsFile_SetsRecallAt5MrrAt10AndHandoffF1(string file)
    {
        var floors = await EvalFloors.ReadAsync(Path.Combine(RepositoryPaths.TestData, file), CancellationToken.None);

        Assert.Contains("retrieval.recall@5", floors.Keys);
        Assert.Contains("retrieval.mrr@10", floors.Keys);
        Assert.Contains("handoff.f1", floors.Keys);
    }

    private static List<string> Sections(string markdown) =>
        [.. System.Text.RegularExpressions.Regex.Split(markdown, @"^#{1,6} ", System.Text.RegularExpressions.RegexOptions.Multiline)];
}
