using System.Globalization;
using System.Text;

namespace Platform.Knowledge.Lexical;

/// <summary>
/// The tokens SQLite's FTS5 makes of a text with <c>tokenize='porter unicode61 remove_diacritics 2'</c> (the index
/// tables' tokenizer): runs of letters, numbers and private-use characters, lower-cased, diacritics removed, each then
/// stemmed by <see cref="PorterStemmer"/>. Everything else separates, apostrophes included ("don't" is "don" and "t").
/// </summary>
public static class Fts5Tokens
{
    /// <summary>Calls <paramref name="onToken"/> with each token of <paramref name="text"/>, in order.</summary>
    public static void ForEach<TState>(string text, ref TState state, TokenAction<TState> onToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(onToken);
        var token = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsTokenRune(rune))
            {
                Fold(rune, token);
            }
            else if (token.Length > 0)
            {
                onToken(ref state, PorterStemmer.Stem(token.ToString()));
                token.Clear();
            }
        }

        if (token.Length > 0)
        {
            onToken(ref state, PorterStemmer.Stem(token.ToString()));
        }
    }

    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    public static List<string> Of(string text)
    {
        var tokens = new List<string>();
        ForEach(text, ref tokens, static (ref List<string> list, string token) => list.Add(token));
        return tokens;
    }

    public delegate void TokenAction<TState>(ref TState state, string token);

    private static bool IsTokenRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.PrivateUse => true,
        // A combining mark inside a word (decomposed text) is a diacritic, folded away below.
        UnicodeCategory.NonSpacingMark => true,
        _ => false,
    };

    // U+00C0 to U+017F, lower case, each letter that is a base letter plus marks as that base letter (its canonical
    // decomposition, as FTS5's remove_diacritics folds it); generated from the Unicode data. The process runs with
    // invariant globalization, which cannot decompose, so the table is written out: Latin-1 and Latin Extended-A
    // cover the knowledge bases' languages; a letter past them keeps its marks here (FTS5 would fold some).
    private const string LatinFold =
        "aaaaaaÆceeeeiiiiÐnooooo×ØuuuuyÞßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþyaaaaaaccccccccddĐđeeeeeeeeeegggggggghhĦħiiiiiiiiiıĲĳjjkkĸllllllĿŀŁłnnnnnnŉŊŋooooooŒœrrrrrrssssssssttttŦŧuuuuuuuuuuuuwwyyyzzzzzzſ";

    private static void Fold(Rune rune, StringBuilder into)
    {
        var lower = Rune.ToLowerInvariant(rune);
        if (lower.IsAscii)
        {
            into.Append((char)lower.Value);
        }
        else if (lower.Value is >= 0xC0 and <= 0x17F)
        {
            into.Append(LatinFold[lower.Value - 0xC0]);
        }
        else if (lower.Value is < 0x300 or > 0x36F)
        {
            // Combining diacritical marks (decomposed text) are dropped; anything else is kept as it is.
            Span<char> chars = stackalloc char[2];
            into.Append(chars[..lower.EncodeToUtf16(chars)]);
        }
    }
}
