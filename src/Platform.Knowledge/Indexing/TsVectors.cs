using System.Globalization;
using System.Text;
using Platform.Knowledge.Lexical;

namespace Platform.Knowledge.Indexing;

/// <summary>
/// PostgreSQL <c>tsvector</c> and <c>tsquery</c> literals made of the platform's own tokens (<see cref="Fts5Tokens"/>:
/// FTS5's porter tokenizer), so that PostgreSQL matches exactly the terms SQLite and the in-memory index match. The
/// literals are cast, never parsed by a text-search configuration: no stop words, no second stemmer.
/// </summary>
public static class TsVectors
{
    // PostgreSQL keeps positions up to 16383 and at most 256 per lexeme; more are dropped, so they are not written.
    private const int MaxPosition = 16_383;
    private const int MaxPositionsPerLexeme = 256;

    /// <summary>One field of a document: its text and the weight label (A highest, D the default) its positions carry.</summary>
    public readonly record struct Field(string Text, char Weight);

    /// <summary>A <c>tsvector</c> literal of the fields' tokens, positions running on from one field to the next.</summary>
    public static string Vector(params ReadOnlySpan<Field> fields)
    {
        var positions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var position = 0;
        foreach (var field in fields)
        {
            foreach (var token in Fts5Tokens.Of(field.Text))
            {
                position = Math.Min(position + 1, MaxPosition);
                if (!positions.TryGetValue(token, out var list))
                {
                    positions[token] = list = [];
                }

                if (list.Count < MaxPositionsPerLexeme)
                {
                    var label = field.Weight == 'D' ? string.Empty : field.Weight.ToString();
                    list.Add(string.Create(CultureInfo.InvariantCulture, $"{position}{label}"));
                }
            }
        }

        var literal = new StringBuilder();
        foreach (var (token, list) in positions)
        {
            literal.Append(Quote(token)).Append(':').AppendJoin(',', list).Append(' ');
        }

        return literal.ToString().TrimEnd();
    }

    /// <summary>
    /// A <c>tsquery</c> literal per query term: its token, or the phrase of its tokens when the tokenizer splits it,
    /// as FTS5 reads a quoted term. Null for a term with no token.
    /// </summary>
    public static string? TermQuery(string term)
    {
        var tokens = Fts5Tokens.Of(term);
        return tokens.Count == 0 ? null : string.Join(" <-> ", tokens.Select(Quote));
    }

    /// <summary>The terms' queries ORed: the match a keyword query makes.</summary>
    public static string AnyOf(IEnumerable<string> termQueries) => string.Join(" | ", termQueries.Select(q => $"({q})"));

    private static string Quote(string token) =>
        "'" + token.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
