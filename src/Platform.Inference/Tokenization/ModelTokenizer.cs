using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Platform.Inference.Loading;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Byte-level BPE (GPT-2 style) through Microsoft.ML.Tokenizers, plus the model's special tokens, which are matched
/// literally before BPE so that a template's control tokens always map to their single ids.
/// </summary>
public sealed partial class ModelTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly Dictionary<string, int> _specialByText;
    private readonly Dictionary<int, string> _specialById;
    private readonly string[] _specialsLongestFirst;

    private ModelTokenizer(BpeTokenizer bpe, Dictionary<string, int> specials)
    {
        _bpe = bpe;
        _specialByText = specials;
        _specialById = specials.ToDictionary(p => p.Value, p => p.Key);
        _specialsLongestFirst = [.. specials.Keys.OrderByDescending(k => k.Length)];
    }

    public IReadOnlyDictionary<string, int> SpecialTokens => _specialByText;

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
                return new ModelTokenizer(Create(new BpeOptions(vocabPath, mergesPath)), specials);
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
        if (!text.IsEmpty)
        {
            into.AddRange(_bpe.EncodeToIds(text));
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
        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new ModelLoadException($"{path} is empty.");
        var model = root["model"]?.AsObject() ?? throw new ModelLoadException($"{path} has no 'model' section.");
        if (model["type"]?.GetValue<string>() is { } type && type != "BPE")
        {
            throw new ModelLoadException($"{path} holds a {type} tokenizer; the engine reads byte-level BPE.");
        }

        var vocab = model["vocab"]?.AsObject() ?? throw new ModelLoadException($"{path} has no model.vocab.");

        // Newer tokenizer.json files store a merge as a two-element array, older ones as "a b".
        var merges = (model["merges"]?.AsArray() ?? []).Select(m => m is JsonArray pair ? $"{pair[0]} {pair[1]}" : m!.GetValue<string>()).ToList();

        foreach (var token in root["added_tokens"]?.AsArray() ?? [])
        {
            if (token?["content"]?.GetValue<string>() is { Length: > 0 } content && token["id"] is { } id)
            {
                specials[content] = id.GetValue<int>();
            }
        }

        var options = new BpeOptions(vocab.Select(p => new KeyValuePair<string, int>(p.Key, p.Value!.GetValue<int>()))) { Merges = merges };
        return new ModelTokenizer(Create(options), specials);
    }

    /// <summary>GPT-2's byte-level BPE: its pre-tokenizer regex, bytes mapped to printable characters, rank-ordered merges.</summary>
    private static BpeTokenizer Create(BpeOptions options)
    {
        options.ByteLevel = true;
        options.PreTokenizer = new RegexPreTokenizer(Gpt2PreTokenizer(), specialTokens: null);
        return BpeTokenizer.Create(options);
    }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2PreTokenizer();
}
