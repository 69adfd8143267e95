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
        return [.. Indices(reply, [.. passages.Select(p => p.Text)]).Select(i => passages[i])];
    }

    /// <summary>The same choice over passage texts: the indices of the passages the reply stands on, in citing order.</summary>
    public static IReadOnlyList<int> Indices(string reply, IReadOnlyList<string> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (passages.Count == 0)
        {
            return [];
        }

        var answer = Normalize(reply ?? string.Empty);
        var quoted = passages
            .Select((text, index) => (Index: index, At: SentenceSplitter.Split(text)
                .Select(s => Normalize(s))
                .Where(s => s.Length >= 12)
                .Select(s => answer.IndexOf(s, StringComparison.Ordinal))
                .Where(i => i >= 0)
                .DefaultIfEmpty(-1)
                .Min()))
            .Where(x => x.At >= 0)
            .OrderBy(x => x.At)
            .Select(x => x.Index)
            .ToList();
        if (quoted.Count > 0)
        {
            return quoted;
        }

        return [Enumerable.Range(0, passages.Count).MaxBy(i => GroundingCheck.SupportedShare(reply ?? string.Empty, [passages[i]]))];
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
