using System.Text.Json;

namespace Platform.Inference.Loading;

/// <summary>The model's own generation defaults from <c>generation_config.json</c>; a request overrides them.</summary>
public sealed record GenerationDefaults
{
    public int? MaxNewTokens { get; init; }

    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    public float? Temperature { get; init; }

    public int? TopK { get; init; }

    public float? TopP { get; init; }

    public float? RepetitionPenalty { get; init; }

    public bool DoSample { get; init; }

    public static GenerationDefaults Parse(string json, string fileName)
    {
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            float? Float(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : null;
            int? Int(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
            return new GenerationDefaults
            {
                MaxNewTokens = Int("max_new_tokens"),
                EosTokenIds = ModelConfig.ReadIds(root, "eos_token_id"),
                Temperature = Float("temperature"),
                TopK = Int("top_k"),
                TopP = Float("top_p"),
                RepetitionPenalty = Float("repetition_penalty"),
                DoSample = root.TryGetProperty("do_sample", out var sample) && sample.ValueKind == JsonValueKind.True,
            };
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{fileName} is not valid JSON: {ex.Message}", ex);
        }
    }
}
