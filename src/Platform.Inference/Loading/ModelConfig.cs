using System.Text.Json;

namespace Platform.Inference.Loading;

/// <summary>
/// What the engine needs from a Hugging Face style <c>config.json</c>: the shapes of the KV cache and the context
/// length. GPT-2 and Llama families name the same things differently; both are read here.
/// </summary>
public sealed record ModelConfig
{
    public required string ModelType { get; init; }

    public required int VocabSize { get; init; }

    public required int NumLayers { get; init; }

    public required int NumAttentionHeads { get; init; }

    public required int NumKeyValueHeads { get; init; }

    public required int HiddenSize { get; init; }

    public required int MaxPositions { get; init; }

    public int? BosTokenId { get; init; }

    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>config.json's head_dim where it has one (Qwen3 sets its own), else hidden size over heads.</summary>
    public int HeadDim => ExplicitHeadDim ?? HiddenSize / NumAttentionHeads;

    public int? ExplicitHeadDim { get; init; }

    public static ModelConfig Parse(string json, string fileName)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{fileName} is not valid JSON: {ex.Message}", ex);
        }

        var type = root.TryGetProperty("model_type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        int Required(params string[] names)
        {
            foreach (var name in names)
            {
                if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    return value.GetInt32();
                }
            }

            throw new ModelLoadException($"{fileName} has no '{names[0]}' (model_type '{type}'), which the engine needs to size the KV cache.");
        }

        int? Optional(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

        var heads = Required("num_attention_heads", "n_head");
        var config = new ModelConfig
        {
            ModelType = type,
            VocabSize = Required("vocab_size"),
            NumLayers = Required("num_hidden_layers", "n_layer"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = Optional("num_key_value_heads") ?? heads,
            HiddenSize = Required("hidden_size", "n_embd"),
            MaxPositions = Required("max_position_embeddings", "n_positions", "n_ctx"),
            BosTokenId = Optional("bos_token_id"),
            EosTokenIds = ReadIds(root, "eos_token_id"),
            ExplicitHeadDim = Optional("head_dim") is > 0 and var d ? d : null,
        };
        if ((config.ExplicitHeadDim is null && config.HiddenSize % config.NumAttentionHeads != 0) || config.NumAttentionHeads % config.NumKeyValueHeads != 0)
        {
            throw new ModelLoadException($"{fileName}: hidden size {config.HiddenSize}, {heads} heads and {config.NumKeyValueHeads} key/value heads do not divide evenly.");
        }

        return config;
    }

    internal static IReadOnlyList<int> ReadIds(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.Number ? [value.GetInt32()]
        : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetInt32()).ToList()
        : [];
}
