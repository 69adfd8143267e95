using System.Runtime.InteropServices;

namespace Platform.Knowledge.Lexical;

/// <summary>
/// One inverted index in memory: for each term, the rows holding it (ascending) and its weighted frequency in each,
/// scored by BM25 exactly as FTS5's <c>bm25()</c> scores a table (k1 1.2, b 0.75; a row's length counts every
/// column's tokens; a frequency is the sum of the column weights of the term's occurrences; an IDF at or below 0 is
/// 1e-6). Immutable once built, so any number of queries read it at once.
/// </summary>
public sealed class KeywordField
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, int> _terms;
    private readonly int[][] _rows;
    private readonly ushort[][] _frequencies;
    private readonly double[] _idf;

    // k1 × (1 - b + b × length / average length), per row: the part of BM25's denominator a query cannot change.
    private readonly double[] _lengthNorms;

    private KeywordField(Dictionary<string, int> terms, int[][] rows, ushort[][] frequencies, double[] lengthNorms, long postings)
    {
        Postings = postings;
        Bytes = (postings * (sizeof(int) + sizeof(ushort))) + ((long)lengthNorms.Length * sizeof(double))
            + terms.Keys.Sum(k => 48L + (2L * k.Length)) + ((long)rows.Length * (sizeof(double) + 48));
        _terms = terms;
        _rows = rows;
        _frequencies = frequencies;
        _lengthNorms = lengthNorms;
        _idf = new double[rows.Length];
        for (var t = 0; t < rows.Length; t++)
        {
            var idf = Math.Log((lengthNorms.Length - rows[t].Length + 0.5) / (rows[t].Length + 0.5));
            _idf[t] = idf <= 0 ? 1e-6 : idf;
        }
    }

    public int Rows => _lengthNorms.Length;

    public int Terms => _rows.Length;

    public long Postings { get; }

    /// <summary>Bytes the postings, the row norms and the term table take, about (object headers and the dictionary's entries counted).</summary>
    public long Bytes { get; }

    /// <summary>The term's id, or -1 when no row holds it.</summary>
    public int Find(string token) => _terms.GetValueOrDefault(token, -1);

    /// <summary>Whether <paramref name="row"/> holds term <paramref name="term"/>.</summary>
    public bool Holds(int term, int row) => term >= 0 && Array.BinarySearch(_rows[term], row) >= 0;

    /// <summary>
    /// Adds <paramref name="weight"/> × each term's BM25 contribution to <paramref name="scores"/>, recording in
    /// <paramref name="touched"/> every row that had no score before (a contribution is always above 0, so a row's
    /// score of 0 means no term has reached it). A term id may repeat: FTS5 scores each phrase
    /// of a query, so two words with one stem count twice there too.
    /// </summary>
    public void Score(IEnumerable<int> terms, double weight, double[] scores, List<int> touched)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(touched);
        foreach (var term in terms)
        {
            if (term < 0)
            {
                continue;
            }

            var idf = _idf[term] * weight;
            var rows = _rows[term];
            var frequencies = _frequencies[term];
            for (var i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                double f = frequencies[i];
                if (scores[row] == 0)
                {
                    touched.Add(row);
                }

                scores[row] += idf * (f * (K1 + 1)) / (f + _lengthNorms[row]);
            }
        }
    }

    /// <summary>Builds a field row by row; rows are numbered in the order they are added.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _terms = new(StringComparer.Ordinal);
        private readonly List<List<int>> _rows = [];
        private readonly List<List<ushort>> _frequencies = [];
        private readonly List<int> _lengths = [];
        private readonly Dictionary<int, int> _row = [];
        private long _postings;

        /// <summary>Adds the next row: its columns' texts, each with its weight (FTS5's bm25() arguments).</summary>
        public void Add(IReadOnlyList<(string Text, int Weight)> columns)
        {
            ArgumentNullException.ThrowIfNull(columns);
            _row.Clear();
            var length = 0;
            foreach (var (text, weight) in columns)
            {
                var state = (Builder: this, Weight: weight, Length: 0);
                Fts5Tokens.ForEach(text, ref state, static (ref (Builder Builder, int Weight, int Length) s, string token) =>
                {
                    s.Length++;
                    var id = s.Builder.TermId(token);
                    ref var frequency = ref CollectionsMarshal.GetValueRefOrAddDefault(s.Builder._row, id, out _);
                    frequency += s.Weight;
                });
                length += state.Length;
            }

            var rowNumber = _lengths.Count;
            _lengths.Add(length);
            foreach (var (term, frequency) in _row)
            {
                _rows[term].Add(rowNumber);
                _frequencies[term].Add((ushort)Math.Min(frequency, ushort.MaxValue));
            }

            _postings += _row.Count;
        }

        public KeywordField Build()
        {
            var average = _lengths.Count == 0 ? 1.0 : Math.Max(1e-9, _lengths.Average());
            var norms = _lengths.Select(l => K1 * (1 - B + (B * l / average))).ToArray();
            var rows = new int[_rows.Count][];
            var frequencies = new ushort[_rows.Count][];
            for (var t = 0; t < rows.Length; t++)
            {
                // Rows are added in order, so each term's postings already ascend (Holds searches them).
                rows[t] = [.. _rows[t]];
                frequencies[t] = [.. _frequencies[t]];
            }

            return new KeywordField(_terms, rows, frequencies, norms, _postings);
        }

        private int TermId(string token)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_terms, token, out var exists);
            if (!exists)
            {
                id = _rows.Count;
                _rows.Add([]);
                _frequencies.Add([]);
            }

            return id;
        }
    }
}
