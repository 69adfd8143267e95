namespace Platform.Cli.Evaluation;

/// <summary>
/// A gold source <c>FILE#ANCHOR</c>: FILE is relative to the questions file's folder, and a retrieved passage is a hit
/// when it comes from that file and contains the anchor text.
/// </summary>
internal sealed record GoldSource(string FullPath, string Anchor)
{
    public static GoldSource Parse(string value, string questionsFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var hash = value.IndexOf('#', StringComparison.Ordinal);
        if (hash <= 0 || hash == value.Length - 1)
        {
            throw new InvalidDataException($"Gold source '{value}' is not FILE#ANCHOR.");
        }

        return new GoldSource(Path.GetFullPath(Path.Combine(questionsFolder, value[..hash])), value[(hash + 1)..]);
    }

    /// <summary>Whether a passage of <paramref name="passageFullPath"/> with <paramref name="passageText"/> is this source.</summary>
    public bool IsHit(string passageFullPath, string passageText) =>
        string.Equals(passageFullPath, FullPath, StringComparison.Ordinal)
        && passageText.Contains(Anchor, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Recall@k and MRR@k from the rank of the first hit (1-based; null when nothing hit).</summary>
internal static class RankingMetrics
{
    public static int? FirstHitRank<T>(IReadOnlyList<T> ranked, Func<T, bool> isHit)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            if (isHit(ranked[i]))
            {
                return i + 1;
            }
        }

        return null;
    }

    public static double RecallAt(IReadOnlyCollection<int?> firstHitRanks, int k) =>
        firstHitRanks.Count == 0 ? 0 : firstHitRanks.Count(r => r <= k) / (double)firstHitRanks.Count;

    public static double MrrAt(IReadOnlyCollection<int?> firstHitRanks, int k) =>
        firstHitRanks.Count == 0 ? 0 : firstHitRanks.Sum(r => r <= k ? 1.0 / r!.Value : 0) / firstHitRanks.Count;
}
