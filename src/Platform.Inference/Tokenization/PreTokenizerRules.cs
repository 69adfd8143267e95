using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Inference.Tokenization;

/// <summary>
/// What a byte-level BPE tokenizer does to text before its merges: Unicode normalisation, then splitting into
/// pieces with the tokenizer's own regex (GPT-2's, Llama 3's, Qwen's, read from <c>tokenizer.json</c>). A piece is
/// never merged across, so a wrong split gives wrong ids even when the text still decodes; hence the care below.
/// </summary>
internal sealed class PreTokenizerRules
{
    /// <summary>GPT-2's split (also the ByteLevel pre-tokenizer's own regex in tokenizer.json).</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly Regex _split;
    private readonly NormalizationForm? _normalization;
    private readonly bool _addPrefixSpace;

    public PreTokenizerRules(string pattern, NormalizationForm? normalization = null, bool addPrefixSpace = false)
    {
        _split = new Regex(CodePointAware(pattern), RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _normalization = normalization;
        _addPrefixSpace = addPrefixSpace;
    }

    public static PreTokenizerRules Gpt2 { get; } = new(Gpt2Pattern);

    /// <summary>
    /// Whether this process can normalise at all: under InvariantGlobalization (the platform's build setting) .NET
    /// has no Unicode tables, calls every string normalised and returns it unchanged.
    /// </summary>
    public static bool RuntimeNormalizes { get; } = "e\u0301".Normalize(NormalizationForm.FormC).Length == 1;

    /// <summary>Null, or what this tokenizer cannot do here exactly as the original does.</summary>
    public string? Caveat => _normalization is { } form && !RuntimeNormalizes
        ? $"the tokenizer normalises text to {form}, which this process cannot do (it runs with InvariantGlobalization): text typed in another form (e.g. decomposed accents) still round-trips, but with other ids than the original tokenizer gives it"
        : null;

    /// <summary>The text as the tokenizer sees it: normalised, with the prefix space some tokenizers add.</summary>
    public string Prepare(ReadOnlySpan<char> text)
    {
        var prepared = text.ToString();
        if (_normalization is { } form && !prepared.IsNormalized(form))
        {
            prepared = prepared.Normalize(form);
        }

        return _addPrefixSpace && !prepared.StartsWith(' ') ? " " + prepared : prepared;
    }

    /// <summary>
    /// The pieces of <paramref name="text"/> in order, covering all of it: the regex's matches and, as Hugging Face's
    /// "Isolated" behaviour does, whatever lies between them.
    /// </summary>
    public List<(int Start, int Length)> Split(string text)
    {
        var pieces = new List<(int Start, int Length)>();
        var at = 0;
        foreach (var match in _split.EnumerateMatches(text))
        {
            if (match.Length == 0)
            {
                continue;
            }

            if (match.Index > at)
            {
                pieces.Add((at, match.Index - at));
            }

            pieces.Add((match.Index, match.Length));
            at = match.Index + match.Length;
        }

        if (at < text.Length)
        {
            pieces.Add((at, text.Length - at));
        }

        return pieces;
    }

    /// <summary>
    /// Hugging Face runs these patterns over code points; .NET over UTF-16 units, where an emoji is two surrogates that
    /// no <c>\p{L}</c> or <c>\p{N}</c> class names. A negated class such as <c>[^\r\n\p{L}\p{N}]?</c> then takes half
    /// an emoji and "😀abc" splits where the original keeps one piece. Each negated class is made to take a whole
    /// surrogate pair first. (Letters and digits outside the Basic Multilingual Plane still read as non-letters: rare
    /// in support chats, and they still round-trip, only with other ids than the original tokenizer's.)
    /// </summary>
    internal static string CodePointAware(string pattern)
    {
        var rewritten = new StringBuilder(pattern.Length + 64);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                rewritten.Append(c).Append(pattern[++i]);
                continue;
            }

            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == '^')
            {
                var end = ClassEnd(pattern, i);
                rewritten.Append(@"(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|").Append(pattern, i, end - i + 1).Append(')');
                i = end;
                continue;
            }

            rewritten.Append(c);
        }

        return rewritten.ToString();
    }

    private static int ClassEnd(string pattern, int open)
    {
        // The first ']' after "[^" is literal; a class ends at the next unescaped ']'.
        for (var i = open + 3; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        throw new ArgumentException($"The pre-tokenizer pattern has an unclosed character class: {pattern}", nameof(pattern));
    }
}

/// <summary>GPT-2's map from bytes to printable characters, in which byte-level vocabularies spell their tokens.</summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] CharOfByte = Build();

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each as its vocabulary character.</summary>
    public static string Spell(ReadOnlySpan<char> text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ToArray());
        var spelled = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            spelled[i] = CharOfByte[bytes[i]];
        }

        return new string(spelled);
    }

    private static char[] Build()
    {
        // Printable Latin-1 bytes stand for themselves; the rest take the code points from 256 upwards, in byte order.
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }
}
