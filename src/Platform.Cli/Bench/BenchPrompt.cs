using Platform.Inference.Tokenization;

namespace Platform.Cli.Bench;

/// <summary>A prompt of exactly N tokens cut from the sample knowledge base, so every run and engine sees the same ids.</summary>
internal static class BenchPrompt
{
    public static async Task<IReadOnlyList<int>> BuildAsync(string repositoryRoot, ModelTokenizer tokenizer, int tokens, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(repositoryRoot, "samples", "knowledge-base");
        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var ids = new List<int>(tokens + 1024);
        while (ids.Count < tokens)
        {
            var before = ids.Count;
            foreach (var file in files)
            {
                tokenizer.EncodePlain(await File.ReadAllTextAsync(file, cancellationToken), ids);
                if (ids.Count >= tokens)
                {
                    break;
                }
            }

            if (ids.Count == before)
            {
                throw new InvalidOperationException($"{folder} has no text to build a prompt from.");
            }
        }

        return ids.GetRange(0, tokens);
    }
}
