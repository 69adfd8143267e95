using Microsoft.ML.Tokenizers;
using Platform.Inference.Loading;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Embeddings;

/// <summary>Turns a text into the ids an encoder takes, special tokens included, cut to a length.</summary>
public abstract class EncoderTokenizer
{
    /// <summary>The id that fills a batch's shorter rows (masked out, so its value only has to be valid).</summary>
    public abstract int PadId { get; }

    /// <summary>Ids of a plain text (special-token strings are not honoured), at most <paramref name="maxLength"/>, never empty.</summary>
    public abstract List<int> Encode(string text, int maxLength);

    public abstract string Decode(IEnumerable<int> ids);
}

/// <summary>The byte-level BPE of the self-trained encoders (a <c>config.json</c> + <c>vocab.json</c>/<c>merges.txt</c> folder); no special tokens around the text.</summary>
internal sealed class BpeEncoderTokenizer(ModelTokenizer tokenizer, int padId) : EncoderTokenizer
{
    public override int PadId => padId;

    public override List<int> Encode(string text, int maxLength)
    {
        var ids = new List<int>();
        tokenizer.EncodePlain(text, ids);
        if (ids.Count > maxLength)
        {
            ids.RemoveRange(maxLength, ids.Count - maxLength);
        }

        if (ids.Count == 0)
        {
            ids.Add(padId);
        }

        return ids;
    }

    public override string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids);
}

/// <summary>
/// BERT's WordPiece (uncased: lower-cased, accents stripped, punctuation split) through Microsoft.ML.Tokenizers, as
/// <c>[CLS] text [SEP]</c>. A long text loses its end, never the two markers the encoder was trained to see.
/// </summary>
internal sealed class WordPieceEncoderTokenizer : EncoderTokenizer
{
    private readonly BertTokenizer _bert;

    private WordPieceEncoderTokenizer(BertTokenizer bert) => _bert = bert;

    public override int PadId => _bert.PaddingTokenId;

    /// <summary>Reads a <c>vocab.txt</c> (one token a line); <paramref name="source"/> names it in errors.</summary>
    public static WordPieceEncoderTokenizer Load(Stream vocab, string source)
    {
        try
        {
            var bert = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
            return new WordPieceEncoderTokenizer(bert);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            throw new ModelLoadException($"The WordPiece vocabulary {source} could not be read: {ex.Message}", ex);
        }
    }

    public override List<int> Encode(string text, int maxLength)
    {
        // BERT's uncased vocabulary has "cafe", not "café": the accents go as the model's own (Python) tokenizer strips
        // them, decomposed and the combining marks dropped; BertOptions.RemoveNonSpacingMarks alone left "café" unknown.
        var body = _bert.EncodeToIds(StripAccents(text), addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
        var keep = Math.Max(0, Math.Min(body.Count, maxLength - 2));
        var ids = new List<int>(keep + 2) { _bert.ClassificationTokenId };
        for (var i = 0; i < keep; i++)
        {
            ids.Add(body[i]);
        }

        ids.Add(_bert.SeparatorTokenId);
        return ids;
    }

    public override string Decode(IEnumerable<int> ids) => _bert.Decode(ids, true) ?? string.Empty;

    // Latin letters U+00C0..U+024F without their accents, as Unicode decomposition gives them ("é" is "e" and a mark);
    // written out because the platform runs with invariant globalization, where string.Normalize leaves text as it is.
    private const char FirstLatinAccented = '\u00C0';
    private const string LatinBases = "AAAAAAÆCEEEEIIIIÐNOOOOO×ØUUUUYÞßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþyAaAaAaCcCcCcCcDdĐđEeEeEeEeEeGgGgGgGgHhĦħIiIiIiIiIıĲĳJjKkĸLlLlLlĿŀŁłNnNnNnŉŊŋOoOoOoŒœRrRrRrSsSsSsSsTtTtŦŧUuUuUuUuUuUuWwYyYZzZzZzſƀƁƂƃƄƅƆƇƈƉƊƋƌƍƎƏƐƑƒƓƔƕƖƗƘƙƚƛƜƝƞƟOoƢƣƤƥƦƧƨƩƪƫƬƭƮUuƱƲƳƴƵƶƷƸƹƺƻƼƽƾƿǀǁǂǃǄǅǆǇǈǉǊǋǌAaIiOoUuUuUuUuUuǝAaAaǢǣǤǥGgKkOoOoǮǯjǱǲǳGgǶǷNnAaǼǽǾǿAaAaEeEeIiIiOoOoRrRrUuUuSsTtȜȝHhȠȡȢȣȤȥAaEeOoOoOoOoYyȴȵȶȷȸȹȺȻȼȽȾȿɀɁɂɃɄɅɆɇɈɉɊɋɌɍɎɏ";

    private static string StripAccents(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            return text;
        }

        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var index = c - FirstLatinAccented;
            if (index >= 0 && index < LatinBases.Length)
            {
                kept.Append(LatinBases[index]);
            }
            else if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}
