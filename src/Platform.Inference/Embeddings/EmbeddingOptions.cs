using System.ComponentModel.DataAnnotations;

namespace Platform.Inference.Embeddings;

/// <summary>The sentence encoder of the dense retrieval path (section <c>Platform:Embeddings</c>).</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Platform:Embeddings";

    /// <summary>
    /// The built-in encoder used when <see cref="Path"/> is empty: <c>arctic-embed-xs</c> (the default, chosen by
    /// measurement in docs/evaluation.md), <c>all-minilm-l6-v2</c>, or <c>none</c> for BM25-only retrieval.
    /// </summary>
    [RegularExpression("^(?i)(arctic-embed-xs|all-minilm-l6-v2|none)$", ErrorMessage = "Platform:Embeddings:Model must be arctic-embed-xs, all-minilm-l6-v2 or none.")]
    public string Model { get; set; } = BuiltInEncoders.ArcticEmbedXs;

    /// <summary>An encoder folder an admin points at (see <see cref="EmbeddingModel"/> for its files); relative to the content root. Set, it wins over <see cref="Model"/>.</summary>
    public string? Path { get; set; }

    /// <summary>Folder holding the built-in encoders' DLLs; empty: <c>encoders/</c> beside the application, where the build puts them.</summary>
    public string? EncodersPath { get; set; }

    [RegularExpression("^(auto|cuda|cpu)$", ErrorMessage = "Platform:Embeddings:ExecutionProvider must be auto, cuda or cpu.")]
    public string ExecutionProvider { get; set; } = "auto";

    /// <summary>
    /// The most texts encoded together in one ONNX Runtime run; longer input lists are split. With <see cref="Int8Weights"/>
    /// on the CPU every text runs alone whatever this says: int8 activations share one scale per run, so batch-mates
    /// would move each other's vectors.
    /// </summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Tokens kept per text (the rest is cut off); also capped by the model's own context length.</summary>
    [Range(1, 1_000_000)]
    public int MaxSequenceLength { get; set; } = 256;

    /// <summary>
    /// On the CPU, run a built-in encoder's matrix products in int8 (<see cref="Embeddings.Int8Weights"/>): about twice
    /// as fast, recall within 0.003 on the dev sets. Encoder folders are run as they are.
    /// </summary>
    public bool Int8Weights { get; set; } = true;

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets it choose (one per physical core).</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }
}
