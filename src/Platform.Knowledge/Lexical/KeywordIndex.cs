using System.Buffers;
using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Lexical;

/// <summary>
/// A knowledge base's keyword index in memory, built from its stored chunks for one version and synonym list: the
/// same two BM25 tables FTS5 keeps (the whole passage, title / heading / body weighted 2 / 4 / 1, and the heading
/// alone), the same tokens, the same scores, with statistics of this knowledge base only. A query costs the postings
/// of its terms and nothing else: no SQL, no term counting, no pruning of common terms.
/// </summary>
public sealed class KeywordIndex
{
    /// <summary>FTS5's rank on the passage table, <c>bm25(2.0, 4.0, 1.0)</c> over (Title, HeadingPath, Text).</summary>
    public const int TitleWeight = 2;
    public const int HeadingWeight = 4;
    public const int TextWeight = 1;

    private readonly long[] _chunkIds;

    // The score arrays queries add into, one per query in flight, handed back all zeros (only the rows a query
    // touched are reset): a query then costs its postings, not a clear of every row. A pool of this index's own, so
    // no other user of a shared pool can hand back a dirty array.
    private readonly ArrayPool<double> _scores = ArrayPool<double>.Create(maxArrayLength: int.MaxValue, maxArraysPerBucket: 2 * Environment.ProcessorCount);

    internal KeywordIndex(int version, SynonymSet synonyms, long[] chunkIds, KeywordField passages, KeywordField headings)
    {
        Version = version;
        Synonyms = synonyms;
        _chunkIds = chunkIds;
        Passages = passages;
        Headings = headings;
    }

    /// <summary>The knowledge base version the index was built from.</summary>
    public int Version { get; }

    /// <summary>The synonym list the indexed text went through; a query goes through it too.</summary>
    public SynonymSet Synonyms { get; }

    public KeywordField Passages { get; }

    public KeywordField Headings { get; }

    public int Chunks => _chunkIds.Length;

    /// <summary>Bytes both tables and the chunk ids take, about.</summary>
    public long Bytes => Passages.Bytes + Headings.Bytes + ((long)_chunkIds.Length * sizeof(long));

    /// <summary>
    /// The best <paramref name="topK"/> chunks for the query's terms, as <see cref="Retrieval.Fts5Retriever"/> ranks
    /// them: each table's best <paramref name="candidates"/> (score, then chunk id), the heading's score times
    /// <paramref name="headingWeight"/>, summed per chunk. Coverage and known share as there too: the best share of the
    /// terms one of the first <paramref name="coverageDepth"/> chunks holds, and the share any chunk holds.
    /// </summary>
    public KeywordHits Search(IReadOnlyList<string> terms, int topK, int candidates, double headingWeight, int coverageDepth)
    {
        ArgumentNullException.ThrowIfNull(terms);
        // A query term is a word; should the tokenizer split it further, each piece is a term of its own.
        var tokens = terms.Select(Fts5Tokens.Of).ToList();
        var passageTerms = tokens.Select(t => t.Select(Passages.Find).ToArray()).ToList();
        var headingTerms = tokens.SelectMany(t => t.Select(Headings.Find)).ToList();

        var fused = new Dictionary<int, double>();
        foreach (var (row, score) in Best(Passages, passageTerms.SelectMany(t => t), 1.0, candidates))
        {
            fused[row] = score;
        }

        if (headingWeight > 0)
        {
            foreach (var (row, score) in Best(Headings, headingTerms, headingWeight, candidates))
            {
                fused[row] = fused.GetValueOrDefault(row) + score;
            }
        }

        var ranked = fused
            .OrderByDescending(p => p.Value).ThenBy(p => _chunkIds[p.Key])
            .Take(topK)
            .ToList();
        var coverage = ranked.Count == 0 ? 0 : ranked.Take(coverageDepth)
            .Max(r => passageTerms.Count(t => t.All(term => Passages.Holds(term, r.Key))));
        var known = passageTerms.Count(t => t.All(term => term >= 0));
        return new KeywordHits(
            [.. ranked.Select(r => (_chunkIds[r.Key], r.Value))],
            terms.Count == 0 ? 0 : (double)coverage / terms.Count,
            terms.Count == 0 ? 0 : (double)known / terms.Count);
    }

    /// <summary>A table's best rows for the terms, by score and then chunk id.</summary>
    private List<(int Row, double Score)> Best(KeywordField field, IEnumerable<int> terms, double weight, int count)
    {
        var scores = _scores.Rent(field.Rows);
        var touched = new List<int>();
        try
        {
            field.Score(terms, weight, scores, touched);
            var best = new PriorityQueue<int, (double Score, long ChunkId)>(count + 1, Worst.Instance);
            foreach (var row in touched)
            {
                var key = (scores[row], _chunkIds[row]);
                if (best.Count < count)
                {
                    best.Enqueue(row, key);
                }
                else if (best.TryPeek(out _, out var worst) && Worst.Instance.Compare(key, worst) > 0)
                {
                    best.EnqueueDequeue(row, key);
                }
            }

            var rows = new List<(int, double)>(best.Count);
            while (best.TryDequeue(out var row, out var key))
            {
                rows.Add((row, key.Score));
            }

            return rows;
        }
        finally
        {
            foreach (var row in touched)
            {
                scores[row] = 0;
            }

            _scores.Return(scores);
        }
    }

    /// <summary>Orders hits worst first: the lower score, then the higher chunk id.</summary>
    private sealed class Worst : IComparer<(double Score, long ChunkId)>
    {
        public static readonly Worst Instance = new();

        public int Compare((double Score, long ChunkId) x, (double Score, long ChunkId) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.ChunkId.CompareTo(x.ChunkId);
        }
    }
}

/// <summary>What a keyword search found: chunk ids and scores best first, and the query's coverage and known share.</summary>
public sealed record KeywordHits(IReadOnlyList<(long ChunkId, double Score)> Chunks, double Coverage, double KnownShare);
