using System.Text;
using System.Text.Json.Nodes;
using Platform.Inference.Loading;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> of the byte-level BPE kind (GPT-2, Llama 3, Qwen2/2.5/3, and our own
/// recipe's): the vocabulary and merges, the normaliser, the pre-tokenizer's split regex, <c>ignore_merges</c> and the
/// added tokens. Anything that would make the ids differ from the original tokenizer's is refused with its name, so
/// a model never runs on silently different tokens.
/// </summary>
internal static class TokenizerJsonReader
{
    public sealed record Contents(
        IReadOnlyList<KeyValuePair<string, int>> Vocabulary,
        IReadOnlyList<string> Merges,
        PreTokenizerRules Rules,
        bool IgnoreMerges,
        IReadOnlyList<KeyValuePair<string, int>> AddedTokens);

    public static Contents Read(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new ModelLoadException($"{path} is empty.");
        var model = root["model"]?.AsObject() ?? throw new ModelLoadException($"{path} has no 'model' section.");
        var type = Text(model["type"]) ?? "BPE";
        if (type != "BPE")
        {
            throw Unsupported(path, $"a {type} model");
        }

        if (model["byte_fallback"]?.GetValue<bool>() == true)
        {
            throw Unsupported(path, "BPE with byte_fallback (SentencePiece-style, as in Llama 2 and Phi-3)");
        }

        if (Text(model["continuing_subword_prefix"]) is { Length: > 0 } || Text(model["end_of_word_suffix"]) is { Length: > 0 })
        {
            throw Unsupported(path, "BPE with a subword prefix or end-of-word suffix");
        }

        var vocab = model["vocab"]?.AsObject() ?? throw new ModelLoadException($"{path} has no model.vocab.");

        // Newer files store a merge as a two-element array, older ones as "a b".
        var merges = (model["merges"]?.AsArray() ?? []).Select(m => m is JsonArray pair ? $"{pair[0]} {pair[1]}" : m!.GetValue<string>()).ToList();
        var added = new List<KeyValuePair<string, int>>();
        foreach (var token in root["added_tokens"]?.AsArray() ?? [])
        {
            if (Text(token?["content"]) is { Length: > 0 } content && token!["id"] is { } id)
            {
                added.Add(new(content, id.GetValue<int>()));
            }
        }

        var decoder = root["decoder"];
        if (decoder is not null && Text(decoder["type"]) != "ByteLevel")
        {
            throw Unsupported(path, $"a {Text(decoder["type"])} decoder");
        }

        return new Contents(
            [.. vocab.Select(p => new KeyValuePair<string, int>(p.Key, p.Value!.GetValue<int>()))],
            merges,
            Rules(path, root["normalizer"], root["pre_tokenizer"]),
            model["ignore_merges"]?.GetValue<bool>() == true,
            added);
    }

    private static PreTokenizerRules Rules(string path, JsonNode? normalizer, JsonNode? preTokenizer)
    {
        var form = Normalization(path, normalizer);
        switch (Text(preTokenizer?["type"]))
        {
            case null:
                throw Unsupported(path, "no pre-tokenizer (the engine reads byte-level BPE)");
            case "ByteLevel":
                if (preTokenizer!["use_regex"]?.GetValue<bool>() == false)
                {
                    throw Unsupported(path, "a ByteLevel pre-tokenizer that does not split");
                }

                return new PreTokenizerRules(PreTokenizerRules.Gpt2Pattern, form, AddsPrefixSpace(preTokenizer));
            case "Sequence":
                // Llama 3's and Qwen's: their own split regex, then byte-level mapping without a second split.
                var steps = preTokenizer!["pretokenizers"]?.AsArray() ?? [];
                if (steps.Count == 2 && Text(steps[0]?["type"]) == "Split" && Text(steps[1]?["type"]) == "ByteLevel"
                    && steps[1]!["use_regex"]?.GetValue<bool>() == false)
                {
                    var split = steps[0]!;
                    if (Text(split["behavior"]) != "Isolated" || split["invert"]?.GetValue<bool>() == true)
                    {
                        throw Unsupported(path, $"a Split pre-tokenizer with behaviour {Text(split["behavior"])}{(split["invert"]?.GetValue<bool>() == true ? ", inverted" : string.Empty)}");
                    }

                    var pattern = Text(split["pattern"]?["Regex"])
                        ?? (Text(split["pattern"]?["String"]) is { } literal ? System.Text.RegularExpressions.Regex.Escape(literal) : null)
                        ?? throw Unsupported(path, "a Split pre-tokenizer without a pattern");
                    return new PreTokenizerRules(pattern, form, AddsPrefixSpace(steps[1]!));
                }

                throw Unsupported(path, $"the pre-tokenizer sequence {string.Join(" + ", steps.Select(s => Text(s?["type"])))}");
            case { } other:
                throw Unsupported(path, $"a {other} pre-tokenizer{(other == "Metaspace" ? " (SentencePiece-style, as in Llama 2 and Phi-3)" : string.Empty)}");
        }
    }

    private static NormalizationForm? Normalization(string path, JsonNode? normalizer) => Text(normalizer?["type"]) switch
    {
        null => null,
        "NFC" => NormalizationForm.FormC,
        "NFKC" => NormalizationForm.FormKC,
        "NFD" => NormalizationForm.FormD,
        "NFKD" => NormalizationForm.FormKD,
        var other => throw Unsupported(path, $"a {other} normalizer"),
    };

    private static bool AddsPrefixSpace(JsonNode byteLevel) => byteLevel["add_prefix_space"]?.GetValue<bool>() == true;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static ModelLoadException Unsupported(string path, string what) =>
        new($"{path} describes {what}; the engine reads byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2/2.5/3 and the recipe's own) and refuses others rather than run on different ids.");
}
