using System.Text.RegularExpressions;
using Platform.Inference.Templates;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Replies;

/// <summary>
/// Which passages a reply stands on. A reply that quotes passage sentences cites the passages it quotes, in the order
/// it uses them; otherwise (an extractive answer, or a model that paraphrases) the passage that supports most of it.
/// </summary>
public static partial class CitedPassages
{
    public static IReadOnlyList<RetrievedPassage> For(string reply, IReadOnlyList<RetrievedPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return [];
        }

        var answer = Normalize(reply);
        var quoted = passages
            .Select(p => (Passage: p, At: SentenceSplitter.Split(p.Text)
                .Select(s => Normalize(s))
                .Where(s => s.Length >= 12)
                .Select(s => answer.IndexOf(s, StringComparison.Ordinal))
                .Where(i => i >= 0)
                .DefaultIfEmpty(-1)
                .Min()))
            .Where(x => x.At >= 0)
            .OrderBy(x => x.At)
            .Select(x => x.Passage)
            .ToList();
        if (quoted.Count > 0)
        {
            return quoted;
        }

        return [passages.MaxBy(p => GroundingCheck.SupportedShare(reply, [p.Text]))!];
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
