using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Platform.Knowledge.Retrieval;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Platform.Cli.Bench;

/// <summary>A passage as both engines index it.</summary>
internal sealed record BenchPassage(string Id, string Source, string Title, string Heading, string Text);

/// <summary>
/// The comparison engine: Lucene.NET 4.8 with its EnglishAnalyzer (Porter stemming, English stop words) and BM25, on
/// disk, the same three fields with the same weights as our FTS5 rank (heading 4, title 2, body 1), queried with
/// the same normalised terms OR-ed across the fields.
/// </summary>
internal sealed class LuceneBaseline : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly (string Field, float Boost)[] Fields = [("heading", 4f), ("title", 2f), ("body", 1f)];

    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

    public LuceneBaseline(string folder) => _directory = FSDirectory.Open(folder);

    public void Index(IEnumerable<BenchPassage> passages)
    {
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var passage in passages)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", passage.Id, Field.Store.YES),
                    new TextField("title", passage.Title, Field.Store.NO),
                    new TextField("heading", passage.Heading, Field.Store.NO),
                    new TextField("body", passage.Text, Field.Store.NO),
                });
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    /// <summary>The ids of the best <paramref name="count"/> passages, best first.</summary>
    public IReadOnlyList<string> Search(string question, int count)
    {
        var searcher = _searcher ?? throw new InvalidOperationException("Index first.");
        var query = new BooleanQuery();
        foreach (var term in QueryNormalizer.Terms(question).SelectMany(Analyze).Distinct(StringComparer.Ordinal))
        {
            foreach (var (field, boost) in Fields)
            {
                query.Add(new TermQuery(new Term(field, term)) { Boost = boost }, Occur.SHOULD);
            }
        }

        if (query.Clauses.Count == 0)
        {
            return [];
        }

        return [.. searcher.Search(query, count).ScoreDocs.Select(hit => searcher.Doc(hit.Doc).Get("id"))];
    }

    private List<string> Analyze(string text)
    {
        var tokens = new List<string>();
        using var stream = _analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
