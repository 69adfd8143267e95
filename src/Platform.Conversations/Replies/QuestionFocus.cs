using System.Text.RegularExpressions;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Replies;

/// <summary>
/// Whether a generated reply is about what the question asks. The grounding and claim checks prove a reply says only
/// what a passage says; they pass a true sentence about the wrong thing ("how much does the tent weigh?" answered with
/// its price). The question's terms that the best passage holds (title, heading and text, as the extractive answer
/// quotes it) are what the visitor asked about and the knowledge base has; a reply that keeps too few of them answers
/// something else, and the extractive answer, which quotes that passage, is the better reply.
/// </summary>
public static partial class QuestionFocus
{
    /// <summary>
    /// The share in [0, 1] of the question's terms held by the best passage that the reply holds too; 1 when no
    /// passage holds any (then there is nothing better to fall back to, and the other checks decide).
    /// </summary>
    public static double Share(string question, string reply, IReadOnlyList<string> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var asked = QueryNormalizer.Terms(question ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        if (asked.Count == 0)
        {
            return 1;
        }

        var best = passages.Select(p => Held(asked, p)).DefaultIfEmpty(0).Max();
        return best == 0 ? 1 : Math.Min(1, Held(asked, reply ?? string.Empty) / (double)best);
    }

    // Terms match as the claim check matches them: by a light stem, or one word a prefix of the other ("ship", "shipping").
    private static int Held(List<string> asked, string text)
    {
        var words = Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        return asked.Count(term => ClaimCheck.Mentions(words, term));
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
