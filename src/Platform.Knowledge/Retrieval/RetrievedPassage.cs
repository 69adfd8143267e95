namespace Platform.Knowledge.Retrieval;

/// <summary>
/// One passage a query found, with what a citation needs. <paramref name="IsFaqEntry"/>: the passage is an FAQ entry
/// (<see cref="FaqEntries"/>), so an answer quotes it whole.
/// </summary>
public sealed record RetrievedPassage(
    long ChunkId,
    Guid DocumentId,
    string Title,
    string Source,
    string HeadingPath,
    string Text,
    string Snippet,
    double Score,
    bool IsFaqEntry = false)
{
    /// <summary>The passage's cosine with the query (the better of its passage and heading vectors) when the dense half ranked it; null otherwise.</summary>
    public double? Similarity { get; init; }
}

/// <summary>
/// The passages for a query, best first, and how sure retrieval is that the knowledge base answers it: a calibrated
/// probability in [0, 1] (see <see cref="KnowledgeOptions.ConfidenceSlope"/>), computed from <see cref="Coverage"/>.
/// </summary>
public sealed record RetrievalResult(IReadOnlyList<string> Terms, IReadOnlyList<RetrievedPassage> Passages, double Confidence)
{
    /// <summary>The share of the query's terms that the best passage holds, as the index matches them.</summary>
    public double Coverage { get; init; }

    /// <summary>The share of the query's terms found anywhere in the index (1 when every word is one the passages use).</summary>
    public double KnownShare { get; init; }

    /// <summary>The cosine of the best dense match, when the dense path ran; 0 otherwise.</summary>
    public double DenseSimilarity { get; init; }

    /// <summary>How far the best dense match leads the second-best chunk's (0 when there is none, or no dense path).</summary>
    public double DenseMargin { get; init; }

    public static RetrievalResult Empty(IReadOnlyList<string> terms) => new(terms, [], 0);
}
