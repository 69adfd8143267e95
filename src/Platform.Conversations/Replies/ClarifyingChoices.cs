using Platform.Domain.Conversations;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Replies;

/// <summary>
/// When the bot should ask which entry the visitor means instead of answering. The fused ranking puts first what BM25
/// and the dense index agree on best; when they disagree (the dense index finds another of the first passages closer
/// to the question than the one fusion ranked first), the first is often wrong. On the two dev sets, at a lead above
/// 0.04 the first was gold in 0 of 8 answers and the rival in 6; between 0.02 and 0.04 the first in 3 of 13, the rival
/// in 5 (docs/evaluation.md). So routing (<see cref="ReplyRouting"/>) follows the dense index at a large lead and asks
/// at a middling one: asking costs a right answer one click, a wrong answer costs the visitor's trust.
/// </summary>
public static class ClarifyingChoices
{
    /// <summary>The reply that asks; the choices follow it, one per line, and are the reply's citations.</summary>
    public const string Question = "I found more than one answer that could fit. Which of these do you mean? If neither, tell me a little more, or ask for a person.";

    /// <summary>
    /// Settles a disagreement between the fused ranking and the dense index over the first <paramref name="among"/>
    /// passages: a rival leading the first by more than <paramref name="followMargin"/> goes first and answers; one
    /// leading by more than <paramref name="clarifyMargin"/> makes the two the choices of a question back. Otherwise
    /// the passages stand as ranked. A margin of 0 turns its step off.
    /// </summary>
    public static SettledRanking Settle(IReadOnlyList<RetrievedPassage> passages, int among, double clarifyMargin, double followMargin)
    {
        if (Disagreement(passages, among) is not { } disagreement)
        {
            return new SettledRanking(passages, null);
        }

        if (followMargin > 0 && disagreement.Lead > followMargin)
        {
            return new SettledRanking([disagreement.Rival, .. passages.Where(p => !ReferenceEquals(p, disagreement.Rival))], null);
        }

        return clarifyMargin > 0 && disagreement.Lead > clarifyMargin
            ? new SettledRanking(passages, [disagreement.First, disagreement.Rival])
            : new SettledRanking(passages, null);
    }

    /// <summary>
    /// The passage among the first <paramref name="among"/> that the dense index finds closest to the question, when it
    /// is not the first and is part of another entry, with how far its cosine leads the first's; null when the first is
    /// the closest, or has no cosine (BM25 alone found it, or the dense half did not run: no disagreement to measure).
    /// </summary>
    public static RankingDisagreement? Disagreement(IReadOnlyList<RetrievedPassage> passages, int among)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count < 2 || passages[0].Similarity is not { } first)
        {
            return null;
        }

        var rival = passages.Skip(1).Take(among - 1)
            .Where(p => p.Similarity is not null && !SameEntry(p, passages[0]))
            .MaxBy(p => p.Similarity!.Value);
        return rival is not null && rival.Similarity!.Value > first ? new RankingDisagreement(passages[0], rival, rival.Similarity.Value - first) : null;
    }

    /// <summary>What the visitor sees for a choice, and sends back by picking it: an FAQ entry's question, or the document and its section.</summary>
    public static string Label(string title, string? headingPath)
    {
        ArgumentNullException.ThrowIfNull(title);
        var heading = string.IsNullOrWhiteSpace(headingPath) ? string.Empty : headingPath.Split(" > ")[^1].Trim();
        return heading.Length == 0 ? title
            : FaqEntries.IsQuestion(heading) || string.Equals(heading, title, StringComparison.OrdinalIgnoreCase) ? heading
            : $"{title}: {heading}";
    }

    /// <summary>The whole reply: the question, then each choice on a line of its own, so a transcript reads without the widget's buttons.</summary>
    public static string Reply(IEnumerable<RetrievedPassage> choices) =>
        Question + "\n\n" + string.Join("\n", choices.Select(c => "- " + Label(c.Title, c.HeadingPath)));

    /// <summary>
    /// The chunk the visitor picked: their message is one of the choices of the bot's last reply, when that reply asked;
    /// null otherwise. Matched on the label as sent, ignoring case and surrounding space.
    /// </summary>
    public static long? Picked(Message? lastBotReply, string visitorText)
    {
        if (lastBotReply is not { Source: ReplySource.Clarify } || string.IsNullOrWhiteSpace(visitorText))
        {
            return null;
        }

        var text = visitorText.Trim();
        return lastBotReply.Citations
            .Where(c => string.Equals(Label(c.Title, c.HeadingPath), text, StringComparison.OrdinalIgnoreCase))
            .Select(c => (long?)c.ChunkId)
            .FirstOrDefault();
    }

    private static bool SameEntry(RetrievedPassage a, RetrievedPassage b) =>
        a.DocumentId == b.DocumentId && string.Equals(a.HeadingPath, b.HeadingPath, StringComparison.Ordinal);
}

/// <summary>The fused ranking's first passage, the passage the dense index prefers, and by how much (cosine) it does.</summary>
public sealed record RankingDisagreement(RetrievedPassage First, RetrievedPassage Rival, double Lead);

/// <summary>The passages to answer from, first the one that answers; or, when <see cref="Choices"/> is set, the two entries to ask about.</summary>
public sealed record SettledRanking(IReadOnlyList<RetrievedPassage> Passages, IReadOnlyList<RetrievedPassage>? Choices);
