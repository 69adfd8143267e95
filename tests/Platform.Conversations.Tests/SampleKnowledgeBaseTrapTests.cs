using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Platform.Conversations.Replies;
using Platform.TestSupport;

namespace Platform.Conversations.Tests;

/// <summary>
/// The trap set (tests/data/sample-kb/traps.jsonl): questions a model answers wrongly by framing the nearest passage
/// with a yes or a no. For each trap, the replies a model could make from the lure passage must be withdrawn, and the
/// honest reply (the answering passage quoted, or the trap's honest reply) must stand.
/// </summary>
public sealed partial class SampleKnowledgeBaseTrapTests
{
    private static readonly string TrapFile = Path.Combine(RepositoryPaths.TestData, "sample-kb", "traps.jsonl");

    public static TheoryData<string> TrapIds => [.. ReadTraps().Select(t => t.Id)];

    [Fact]
    public void TrapFile_EveryLineIsComplete_AndEverySourceAnchorOccursInItsFile()
    {
        var traps = ReadTraps();

        Assert.InRange(traps.Count, 20, 30);
        Assert.Equal(traps.Count, traps.Select(t => t.Id).Distinct().Count());
        foreach (var trap in traps)
        {
            Assert.False(string.IsNullOrWhiteSpace(trap.Question), trap.Id);
            Assert.False(string.IsNullOrWhiteSpace(trap.Why), trap.Id);
            Assert.Contains(trap.Expect, new[] { "answer", "refuse" });
            Assert.True(trap.Expect == "refuse" || trap.GoldSource is not null, $"{trap.Id}: an answerable trap names its gold_source");
            Assert.NotNull(trap.LureSource);
            foreach (var source in new[] { trap.GoldSource, trap.LureSource }.OfType<string>())
            {
                var (file, anchor) = Split(source);
                Assert.True(File.Exists(file), $"{trap.Id}: {file} does not exist");
                Assert.Contains(anchor, File.ReadAllText(file), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TrapIds))]
    public void YesOrNoFramingTheLurePassage_IsWithdrawn(string id)
    {
        var trap = ReadTraps().Single(t => t.Id == id);
        var (passages, lure, _) = Prompt(trap);
        var sentence = FirstSentence(lure);
        var candidates = new List<string>
        {
            "Yes, " + LowerFirst(sentence),
            "No, " + LowerFirst(sentence),
            "Unfortunately, we don't. " + sentence,
        };
        candidates.AddRange((trap.MustNotContain ?? []).Select(claim => claim + ". " + sentence));

        foreach (var candidate in candidates)
        {
            var result = ClaimCheck.Check(trap.Question, candidate, passages, ["Ridgeline Outfitters"]);
            Assert.False(result.IsSupported, $"{id}: kept \"{candidate}\"");
        }
    }

    [Theory]
    [MemberData(nameof(TrapIds))]
    public void HonestReply_Stands(string id)
    {
        var trap = ReadTraps().Single(t => t.Id == id);
        var (passages, lure, gold) = Prompt(trap);
        var honest = new List<string>();
        if (trap.HonestReply is not null)
        {
            honest.Add(trap.HonestReply);
        }

        // The answering entry quoted whole is honest, its own "Yes." included. The lure of a trap the KB cannot answer
        // is honest quoted only without its opening yes or no: quoted to another question, that is a wrong one.
        if (gold is not null)
        {
            honest.Add(Body(gold));
        }
        else if (!YesOrNoOpening().IsMatch(Body(lure)))
        {
            honest.Add(Body(lure));
        }
        else
        {
            Assert.False(ClaimCheck.Check(trap.Question, Body(lure), passages).IsSupported, $"{id}: kept the lure's own yes");
        }

        Assert.All(honest, reply =>
        {
            var result = ClaimCheck.Check(trap.Question, reply, passages, ["Ridgeline Outfitters"]);
            Assert.True(result.IsSupported, $"{id}: withdrew \"{reply}\": {result}");
            Assert.DoesNotContain(trap.MustNotContain ?? [], claim => reply.Contains(claim, StringComparison.Ordinal));
        });
    }

    /// <summary>The prompt a model would see: the lure, and the answering passage where the trap has one.</summary>
    private static (List<string> Passages, string Lure, string? Gold) Prompt(Trap trap)
    {
        var lure = PassageAt(trap.LureSource!);
        var gold = trap.GoldSource is null ? null : PassageAt(trap.GoldSource);
        return ([.. new[] { lure, gold }.OfType<string>().Distinct()], lure, gold);
    }

    /// <summary>The section of a markdown file that holds the anchor, as the generator gives it to the check: heading, blank line, body.</summary>
    private static string PassageAt(string source)
    {
        var (file, anchor) = Split(source);
        var sections = SectionBreak().Split(File.ReadAllText(file));
        var section = sections.Single(s => s.Contains(anchor, StringComparison.Ordinal)).Trim();
        var lines = section.Split('\n', 2);
        var heading = lines[0].TrimStart('#', ' ').Trim();
        return heading + "\n\n" + (lines.Length > 1 ? lines[1].Trim() : string.Empty);
    }

    private static string Body(string passage) => passage[(passage.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];

    private static string FirstSentence(string passage) =>
        Platform.Inference.Templates.SentenceSplitter.Split(Body(passage)).First(s => s.Length > 12 && !s.Contains('|', StringComparison.Ordinal));

    private static string LowerFirst(string text) => char.ToLowerInvariant(text[0]) + text[1..];

    private static (string File, string Anchor) Split(string source)
    {
        var at = source.IndexOf('#', StringComparison.Ordinal);
        return (Path.GetFullPath(Path.Combine(Path.GetDirectoryName(TrapFile)!, source[..at])), source[(at + 1)..]);
    }

    private static List<Trap> ReadTraps() =>
        [.. File.ReadAllLines(TrapFile).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<Trap>(l)!)];

    [GeneratedRegex(@"^(?=#{1,2} )", RegexOptions.Multiline)]
    private static partial Regex SectionBreak();

    [GeneratedRegex(@"^(?:Yes|No)\b")]
    private static partial Regex YesOrNoOpening();

    private sealed record Trap(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("question")] string Question,
        [property: JsonPropertyName("trap")] string Why,
        [property: JsonPropertyName("expect")] string Expect,
        [property: JsonPropertyName("gold_source")] string? GoldSource,
        [property: JsonPropertyName("lure_source")] string? LureSource,
        [property: JsonPropertyName("honest_reply")] string? HonestReply,
        [property: JsonPropertyName("must_not_contain")] IReadOnlyList<string>? MustNotContain);
}
