using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Cli.Bench;

/// <summary>One generated help-centre section: its document, heading and answer.</summary>
internal sealed record SyntheticSection(string Source, string Heading, string Text);

/// <summary>A generated question and the section it was made from (the one right answer).</summary>
internal sealed record SyntheticQuery(string Text, string Source, string Heading);

/// <summary>
/// Help-centre-shaped Markdown generated from a seed: documents of ten "## question" sections with answers of 40-150
/// words, so that each section is one chunk. Words are drawn with a Zipf law from the sample knowledge base's words
/// followed by invented ones, which gives a large corpus a realistically long tail instead of a few hundred words
/// repeated. Queries are built from a section's heading and body with the noise visitors add.
/// </summary>
internal sealed partial class SyntheticCorpus
{
    private const int SectionsPerDocument = 10;
    private static readonly string[] Fillers = ["how", "do", "i", "can", "you", "please", "my", "the", "is", "what", "hi"];

    private readonly string[] _vocabulary;
    private readonly double[] _cumulative;

    private SyntheticCorpus(string[] vocabulary)
    {
        _vocabulary = vocabulary;
        _cumulative = new double[vocabulary.Length];
        double total = 0;
        for (var i = 0; i < vocabulary.Length; i++)
        {
            total += 1.0 / Math.Pow(i + 1, 1.07);
            _cumulative[i] = total;
        }

        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= total;
        }
    }

    public IReadOnlyList<(string Source, string Markdown, IReadOnlyList<SyntheticSection> Sections)> Documents { get; private set; } = [];

    public int VocabularySize => _vocabulary.Length;

    /// <summary>Documents holding <paramref name="chunks"/> sections in all, the same for the same seed.</summary>
    public static SyntheticCorpus Generate(string sampleKnowledgeBase, int chunks, int seed)
    {
        var random = new Random(seed);
        var known = Directory.Exists(sampleKnowledgeBase)
            ? Directory.EnumerateFiles(sampleKnowledgeBase, "*.md", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .SelectMany(f => Word().Matches(File.ReadAllText(f).ToLowerInvariant()).Select(m => m.Value))
                .GroupBy(w => w, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .ToList()
            : [];

        // The tail grows with the corpus, as real vocabularies do (Heaps' law, roughly 10 * n^0.6 words).
        var size = Math.Max(known.Count + 500, (int)(10 * Math.Pow(chunks * 90, 0.6)));
        var vocabulary = new List<string>(known);
        var seen = new HashSet<string>(known, StringComparer.Ordinal);
        while (vocabulary.Count < size)
        {
            var word = PseudoWord(random);
            if (seen.Add(word))
            {
                vocabulary.Add(word);
            }
        }

        var corpus = new SyntheticCorpus([.. vocabulary]);
        var documents = new List<(string, string, IReadOnlyList<SyntheticSection>)>();
        for (var d = 0; d * SectionsPerDocument < chunks; d++)
        {
            var source = $"docs/doc-{d:D6}.md";
            var sections = new List<SyntheticSection>();
            var markdown = new StringBuilder().Append("# ").AppendJoin(' ', corpus.Words(random, random.Next(2, 5))).Append("\n\n");
            for (var s = 0; s < SectionsPerDocument && (d * SectionsPerDocument) + s < chunks; s++)
            {
                var heading = string.Join(' ', corpus.Words(random, random.Next(5, 10))) + "?";
                var text = string.Join(' ', corpus.Words(random, random.Next(40, 151))) + ".";
                sections.Add(new SyntheticSection(source, heading, text));
                markdown.Append("## ").Append(heading).Append("\n\n").Append(text).Append("\n\n");
            }

            documents.Add((source, markdown.ToString(), sections));
        }

        corpus.Documents = documents;
        return corpus;
    }

    /// <summary>Questions about random sections: heading words and a body word, with a dropped word, fillers and sometimes a typo.</summary>
    public IReadOnlyList<SyntheticQuery> Queries(int count, int seed)
    {
        var random = new Random(seed);
        var queries = new List<SyntheticQuery>(count);
        var sections = Documents.SelectMany(d => d.Sections).ToList();
        for (var i = 0; i < count; i++)
        {
            var section = sections[random.Next(sections.Count)];
            var words = section.Heading.TrimEnd('?').Split(' ').ToList();
            words.RemoveAt(random.Next(words.Count));
            var body = section.Text.TrimEnd('.').Split(' ');
            words.Add(body[random.Next(body.Length)]);
            words.Insert(0, Fillers[random.Next(Fillers.Length)]);
            if (random.NextDouble() < 0.3)
            {
                var at = random.Next(1, words.Count);
                words[at] = Typo(words[at], random);
            }

            queries.Add(new SyntheticQuery(string.Join(' ', words), section.Source, section.Heading));
        }

        return queries;
    }

    private IEnumerable<string> Words(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            yield return _vocabulary[Math.Min(index < 0 ? ~index : index, _vocabulary.Length - 1)];
        }
    }

    private static string PseudoWord(Random random)
    {
        const string consonants = "bcdfghklmnprstvz";
        const string vowels = "aeiou";
        var word = new StringBuilder();
        for (var syllable = random.Next(2, 4); syllable > 0; syllable--)
        {
            word.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            if (random.NextDouble() < 0.4)
            {
                word.Append(consonants[random.Next(consonants.Length)]);
            }
        }

        return word.ToString();
    }

    private static string Typo(string word, Random random)
    {
        if (word.Length < 4)
        {
            return word;
        }

        var at = random.Next(1, word.Length - 1);
        var letters = word.ToCharArray();
        (letters[at], letters[at + 1]) = (letters[at + 1], letters[at]);
        return new string(letters);
    }

    [GeneratedRegex(@"[a-z]{3,}")]
    private static partial Regex Word();
}
