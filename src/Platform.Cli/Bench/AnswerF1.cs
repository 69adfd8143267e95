using System.Text;

namespace Platform.Cli.Bench;

/// <summary>SQuAD's answer F1: lower-case, drop punctuation and articles, then bag-of-tokens overlap.</summary>
internal static class AnswerF1
{
    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    public static double Score(string prediction, string gold)
    {
        var predicted = Normalize(prediction);
        var expected = Normalize(gold);
        if (predicted.Count == 0 || expected.Count == 0)
        {
            return predicted.Count == expected.Count ? 1 : 0;
        }

        var remaining = expected.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var token in predicted)
        {
            if (remaining.TryGetValue(token, out var left) && left > 0)
            {
                remaining[token] = left - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0;
        }

        var precision = common / (double)predicted.Count;
        var recall = common / (double)expected.Count;
        return 2 * precision * recall / (precision + recall);
    }

    internal static List<string> Normalize(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (!char.IsPunctuation(c) && !char.IsSymbol(c))
            {
                kept.Append(c);
            }
        }

        return [.. kept.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(t => !Articles.Contains(t))];
    }
}
