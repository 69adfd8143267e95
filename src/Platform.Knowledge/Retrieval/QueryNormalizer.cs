using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// Turns what a visitor typed into search terms: lower case, words only, without the stop words and chat filler
/// that would match every passage. Stemming is left to the index's Porter tokenizer, which stems both sides alike.
/// </summary>
public static class QueryNormalizer
{
    private const int MaxTerms = 32;

    private static readonly FrozenSet<string> StopWords = (
        "a about above after again against all am an and any are as at be because been before being below between both but by " +
        "can could did do does doing down during each few for from further had has have having he her here hers herself him himself " +
        "his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours " +
        "ourselves out over own same she should so some such than that the their theirs them themselves then there these they this " +
        "those through to too under until up very was we were what when where which while who whom why will with would you your " +
        "yours yourself yourselves im ive id dont doesnt didnt cant wont isnt arent hi hello hey please thanks thank ok okay yes " +
        "yeah hmm also get got want wanted like know tell need help us let lets may might must shall one anything something anyone"
    ).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The distinct content terms of <paramref name="text"/>, in the order they first appear.</summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        var word = new StringBuilder();

        void Take()
        {
            if (word.Length == 0)
            {
                return;
            }

            var term = word.ToString();
            word.Clear();
            if ((term.Length > 1 || char.IsDigit(term[0])) && !StopWords.Contains(term) && !terms.Contains(term) && terms.Count < MaxTerms)
            {
                terms.Add(term);
            }
        }

        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '\u2019')
            {
                // "don't" -> "dont": apostrophes join, they do not split.
            }
            else
            {
                Take();
            }
        }

        Take();
        return terms;
    }

    /// <summary>An FTS5 MATCH expression that ORs the quoted terms; quoting keeps FTS5 syntax in user text inert.</summary>
    public static string ToMatchExpression(IEnumerable<string> terms) =>
        string.Join(" OR ", terms.Select(Quote));

    public static string Quote(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return string.Create(CultureInfo.InvariantCulture, $"\"{term.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
    }
}
