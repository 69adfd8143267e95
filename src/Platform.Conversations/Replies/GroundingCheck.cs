using System.Text.RegularExpressions;

namespace Platform.Conversations.Replies;

/// <summary>
/// How much of an answer the passages support: the share of the answer's content words (not stop words) that occur
/// in the passages. A generated reply below the configured share is withdrawn in favour of the extractive answer.
/// </summary>
public static partial class GroundingCheck
{
    internal static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "good", "has", "have",
        "here", "i", "if", "in", "is", "it", "its", "just", "me", "my", "of", "on", "or", "our", "question", "s", "so",
        "sure", "that", "the", "their", "there", "this", "to", "us", "was", "we", "what", "when", "which", "will", "with",
        "you", "your", "found", "says", "help", "articles", "let", "t", "don", "not", "about", "happy", "thanks", "asking",
    };

    /// <summary>The supported share in [0, 1]; 0 for an answer with no content words.</summary>
    public static double SupportedShare(string answer, IEnumerable<string> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var words = ContentWords(answer).ToList();
        if (words.Count == 0)
        {
            return 0;
        }

        var vocabulary = new HashSet<string>(passages.SelectMany(ContentWords), StringComparer.Ordinal);
        return words.Count(vocabulary.Contains) / (double)words.Count;
    }

    private static IEnumerable<string> ContentWords(string text) =>
        Word().Matches(text ?? string.Empty)
            .Select(m => m.Value.ToLowerInvariant())
            .Where(w => !StopWords.Contains(w));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
