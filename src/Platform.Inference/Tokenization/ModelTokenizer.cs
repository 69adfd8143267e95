using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Platform.Inference.Loading;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Byte-level BPE (GPT-2, Llama 3, Qwen) through Microsoft.ML.Tokenizers, split into pieces by the tokenizer's own
/// rules (<see cref="PreTokenizerRules"/>), plus the model's added tokens, which are matched literally before BPE so
/// that a template's control tokens always map to their single ids.
/// </summary>
public sealed class ModelTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly PreTokenizerRules _rules;
    private readonly IReadOnlyDictionary<string, int>? _wholePieces;
    private readonly Dictionary<string, int> _specialByText;
    private readonly Dictionary<int, string> _specialById;
    private readonly string[] _specialsLongestFirst;

    private ModelTokenizer(BpeTokenizer bpe, PreTokenizerRules rules, bool ignoreMerges, Dictionary<string, int> specials)
    {
        _bpe = bpe;
        _rules = rules;

        // ignore_merges (Llama 3): a piece that is itself in the vocabulary is that one token, whatever the merges say.
        _wholePieces = ignoreMerges ? bpe.Vocabulary : null;
        _specialByText = specials;
        _specialById = specials.ToDictionary(p => p.Value, p => p.Key);
        _specialsLongestFirst = [.. specials.Keys.OrderByDescending(k => k.Length)];
    }

    public IReadOnlyDictionary<string, int> SpecialTokens => _specialByText;

    /// <summary>Null, or how this tokenizer may give other ids than the original (logged when a model loads).</summary>
    public string? Caveat => _rules.Caveat;

    /// <summary>Loads <c>vocab.json</c> + <c>merges.txt</c>, or <c>tokenizer.json</c> when that is what the folder has.</summary>
    public static ModelTokenizer Load(string folder)
    {
        var vocabPath = Path.Combine(folder, "vocab.json");
        var mergesPath = Path.Combine(folder, "merges.txt");
        var tokenizerJsonPath = Path.Combine(folder, "tokenizer.json");
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        ReadTokenizerConfigSpecials(Path.Combine(folder, "tokenizer_config.json"), specials);
        try
        {
            if (File.Exists(vocabPath) && File.Exists(mergesPath))
            {
                return new ModelTokenizer(Create(new BpeOptions(vocabPath, mergesPath)), PreTokenizerRules.Gpt2, ignoreMerges: false, specials);
            }

            if (File.Exists(tokenizerJsonPath))
            {
                return FromTokenizerJson(tokenizerJsonPath, specials);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ModelLoadException($"The tokenizer files in {folder} could not be read: {ex.Message}", ex);
        }

        throw new ModelLoadException($"{folder} has no tokenizer: expected vocab.json and merges.txt (byte-level BPE), or tokenizer.json.");
    }

    public bool TryGetSpecial(string content, out int id) => _specialByText.TryGetValue(content, out id);

    public int RequireSpecial(string content) =>
        _specialByText.TryGetValue(content, out var id) ? id : throw new ModelLoadException($"The tokenizer has no special token {content}.");

    public bool IsSpecial(int id) => _specialById.ContainsKey(id);

    public string? SpecialText(int id) => _specialById.GetValueOrDefault(id);

    /// <summary>Encodes text in which special-token strings stand for their ids; the rest is BPE-encoded run by run.</summary>
    public void Encode(string text, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(into);
        var start = 0;
        while (start < text.Length)
        {
            var (at, special) = NextSpecial(text, start);
            if (at < 0)
            {
                EncodePlain(text.AsSpan(start), into);
                return;
            }

            EncodePlain(text.AsSpan(start, at - start), into);
            into.Add(_specialByText[special!]);
            start = at + special!.Length;
        }
    }

    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        Encode(text, ids);
        return ids;
    }

    /// <summary>Encodes text as plain text: special-token strings in it are not honoured (visitor text goes this way).</summary>
    public void EncodePlain(ReadOnlySpan<char> text, List<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (text.IsEmpty)
        {
            return;
        }

        var prepared = _rules.Prepare(text);
        foreach (var (start, length) in _rules.Split(prepared))
        {
            var piece = prepared.AsSpan(start, length);
            if (_wholePieces is not null && _wholePieces.TryGetValue(ByteLevelAlphabet.Spell(piece), out var whole))
            {
                into.Add(whole);
            }
            else
            {
                into.AddRange(_bpe.EncodeToIds(piece));
            }
        }
    }

    /// <summary>Decodes non-special tokens to text; special tokens are skipped.</summary>
    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids.Where(id => !_specialById.ContainsKey(id))) ?? string.Empty;

    private (int At, string? Special) NextSpecial(string text, int start)
    {
        var best = -1;
        string? found = null;
        foreach (var special in _specialsLongestFirst)
        {
            var at = text.IndexOf(special, start, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
                found = special;
            }
        }

        return (best, found);
    }

    private static void ReadTokenizerConfigSpecials(string path, Dictionary<string, int> specials)
    {
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject();
            if (root?["added_tokens_decoder"] is JsonObject added)
            {
                foreach (var (id, token) in added)
                {
                    if (token?["content"]?.GetValue<string>() is { Length: > 0 } content && int.TryParse(id, out var value))
                    {
                        specials[content] = value;
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static ModelTokenizer FromTokenizerJson(string path, Dictionary<string, int> specials)
    {
        var contents = TokenizerJsonReader.Read(path);
        foreach (var (content, id) in contents.AddedTokens)
        {
            specials[content] = id;
        }

        var options = new BpeOptions(contents.Vocabulary) { Merges = contents.Merges };
        return new ModelTokenizer(Create(options), contents.Rules, contents.IgnoreMerges, specials);
    }

    /// <summary>Byte-level merges over one piece at a time: the split is <see cref="PreTokenizerRules"/>' job.</summary>
    private static BpeTokenizer Create(BpeOptions options)
    {
        options.ByteLevel = true;
        options.PreTokenizer = new WholePiece();
        return BpeTokenizer.Create(options);
    }

    /// <summary>Hands BPE the piece as it is (with no pre-tokenizer at all, Microsoft.ML.Tokenizers splits on white space and drops it).</summary>
    private sealed class WholePiece : PreTokenizer
    {
        public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => text.Length == 0 ? [] : [(0, text.Length)];

        public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => text.IsEmpty ? [] : [(0, text.Length)];
    }
}
