using Microsoft.Extensions.AI;

namespace Platform.Inference.Embeddings;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a local ONNX encoder: texts are tokenised, cut to the
/// model's length, grouped by length into batches of at most <see cref="EmbeddingModel.MaxBatchSize"/>, right-padded,
/// and run through ONNX Runtime; vectors come back L2-normalised, in input order. Safe to call from many threads.
/// </summary>
public sealed class LocalEmbeddingGenerator(EmbeddingModel model) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingGeneratorMetadata _metadata = new("onnxruntime", providerUri: null, defaultModelId: model.Name, defaultModelDimensions: model.Dimensions);

    public EmbeddingModel Model => model;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != model.Dimensions)
        {
            throw new ArgumentException($"The embedding model {model.Name} gives {model.Dimensions} dimensions, not {dimensions}.", nameof(options));
        }

        // Encoders trained with a search instruction (arctic-embed) put it before queries only, never before passages.
        var texts = EmbeddingInputs.IsQuery(options) && model.QueryPrefix.Length > 0
            ? [.. values.Select(v => model.QueryPrefix + v)]
            : values.ToList();
        cancellationToken.ThrowIfCancellationRequested();
        var vectors = texts.Count == 0 ? [] : await Task.Run(() => Embed(texts, cancellationToken), cancellationToken).ConfigureAwait(false);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        long tokens = 0;
        foreach (var (vector, count) in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = model.Name });
            tokens += count;
        }

        result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType == typeof(EmbeddingModel) ? model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The model belongs to whoever loaded it (EmbeddingModelHost), which disposes it with the host.
    }

    private (float[] Vector, int Tokens)[] Embed(List<string> texts, CancellationToken cancellationToken)
    {
        var tokenized = new List<int>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tokenized[i] = model.Tokenize(texts[i] ?? throw new ArgumentException("A text to embed is null.", nameof(texts)));
        }

        // Similar lengths share a batch, so little of each run is padding; results go back in input order.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokenized[i].Count).ToArray();
        var vectors = new float[texts.Count][];
        var batchVectors = new float[model.MaxBatchSize][];
        for (var start = 0; start < order.Length; start += model.MaxBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(model.MaxBatchSize, order.Length - start);
            var batch = new List<int>[count];
            for (var k = 0; k < count; k++)
            {
                batch[k] = tokenized[order[start + k]];
            }

            model.Run(batch, batchVectors.AsSpan(0, count), cancellationToken);
            for (var k = 0; k < count; k++)
            {
                vectors[order[start + k]] = batchVectors[k];
            }
        }

        var result = new (float[], int)[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            result[i] = (vectors[i], tokenized[i].Count);
        }

        return result;
    }
}
