using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Dense;

/// <summary>
/// Turns chunks into vectors with the configured embedding model, when there is one. A chunk is embedded with its
/// title and heading path, as a reader would see it, so "Returns > Sale items" carries meaning its body may lack; a
/// chunk with a heading also gets a vector of the heading alone (stored under <see cref="HeadingModel"/>), because a
/// visitor paraphrases an FAQ's question, not its answer, and a question is closest to another question.
/// </summary>
public sealed class ChunkEmbedder(IOptions<KnowledgeOptions> options, IEmbeddingGenerator<string, Embedding<float>>? generator = null)
{
    /// <summary>Appended to the model id for the heading-only vectors.</summary>
    public const string HeadingSuffix = "/heading";

    public bool IsEnabled => generator is not null;

    /// <summary>The model id passage vectors are stored under; empty when there is no model.</summary>
    public string Model => generator?.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? (generator is null ? string.Empty : "embedding");

    /// <summary>The model id of the heading-only vectors.</summary>
    public string HeadingModel => Model + HeadingSuffix;

    public static string TextOf(string title, string headingPath, string text) =>
        headingPath.Length == 0 ? $"{title}\n{text}" : $"{title} > {headingPath}\n{text}";

    /// <summary>
    /// The rows to store for <paramref name="chunks"/> (which must have their ids): a passage vector each, and a
    /// heading vector for each chunk with a heading when <see cref="KnowledgeOptions.HeadingVectors"/> is on. Empty when there is no model.
    /// </summary>
    public async Task<List<ChunkEmbedding>> EmbedChunksAsync(IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (generator is null || chunks.Count == 0)
        {
            return [];
        }

        var texts = chunks.Select(c => TextOf(c.Title, c.HeadingPath, c.Text)).ToList();
        // Only FAQ entries get a vector of their question: visitors paraphrase the question, and a heading such as
        // "Specifications" says nothing a passage vector does not, while it would double the index's memory.
        var withHeading = options.Value.HeadingVectors ? chunks.Where(c => c.HeadingPath.TrimEnd().EndsWith('?')).ToList() : [];
        texts.AddRange(withHeading.Select(c => c.HeadingPath.Trim()));
        var embeddings = await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
        var model = Model;
        var rows = new List<ChunkEmbedding>(texts.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            rows.Add(new ChunkEmbedding { ChunkId = chunks[i].Id, Model = model, Vector = Bytes(embeddings[i]) });
        }

        for (var i = 0; i < withHeading.Count; i++)
        {
            rows.Add(new ChunkEmbedding { ChunkId = withHeading[i].Id, Model = model + HeadingSuffix, Vector = Bytes(embeddings[chunks.Count + i]) });
        }

        return rows;
    }

    public async Task<ReadOnlyMemory<float>?> EmbedQueryAsync(string query, CancellationToken cancellationToken)
    {
        if (generator is null)
        {
            return null;
        }

        return (await generator.GenerateAsync([query], QueryOptions(), cancellationToken))[0].Vector;
    }

    /// <summary>
    /// Marks the text as a search query, for encoders that embed queries and passages apart (arctic-embed's instruction);
    /// the key and value are Platform.Inference's <c>EmbeddingInputs</c>, which this project does not reference.
    /// </summary>
    private static EmbeddingGenerationOptions QueryOptions() => new() { AdditionalProperties = new() { ["input_type"] = "query" } };

    private static byte[] Bytes(Embedding<float> embedding) => MemoryMarshal.AsBytes(embedding.Vector.Span).ToArray();
}
