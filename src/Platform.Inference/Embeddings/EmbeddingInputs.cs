using Microsoft.Extensions.AI;

namespace Platform.Inference.Embeddings;

/// <summary>
/// Says whether the texts given to an embedding generator are search queries or passages, through
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>, so asymmetric encoders can treat the two apart.
/// </summary>
public static class EmbeddingInputs
{
    public const string InputTypeKey = "input_type";
    public const string QueryType = "query";

    /// <summary>Options marking the texts as search queries; a new instance each time, as callers may add to it.</summary>
    public static EmbeddingGenerationOptions Query() => new() { AdditionalProperties = new() { [InputTypeKey] = QueryType } };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties
        && properties.TryGetValue(InputTypeKey, out var value)
        && string.Equals(value as string, QueryType, StringComparison.Ordinal);
}
