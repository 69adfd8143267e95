using System.Text.Json;
using Platform.Inference.Loading;

namespace Platform.Inference.Embeddings;

/// <summary>
/// The optional <c>embedding.json</c> of a WordPiece encoder folder: <c>{"pooling": "cls"|"mean", "query_prefix": "...",
/// "max_positions": 512}</c>. Without it a folder is read as sentence-transformers exports are: mean pooling, no prefix, 512 positions.
/// </summary>
internal sealed record FolderSettings(EmbeddingPooling Pooling, string QueryPrefix, int MaxPositions)
{
    public static FolderSettings Read(string path)
    {
        var defaults = new FolderSettings(EmbeddingPooling.Mean, string.Empty, 512);
        if (!File.Exists(path))
        {
            return defaults;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var pooling = root.TryGetProperty("pooling", out var p) ? p.GetString() : "mean";
            return new FolderSettings(
                pooling switch
                {
                    "mean" => EmbeddingPooling.Mean,
                    "cls" => EmbeddingPooling.Cls,
                    _ => throw new ModelLoadException($"{path}: pooling is '{pooling}'; it must be \"mean\" or \"cls\"."),
                },
                root.TryGetProperty("query_prefix", out var prefix) ? prefix.GetString() ?? string.Empty : string.Empty,
                root.TryGetProperty("max_positions", out var positions) ? positions.GetInt32() : defaults.MaxPositions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"{path} is not valid: {ex.Message}", ex);
        }
    }
}
