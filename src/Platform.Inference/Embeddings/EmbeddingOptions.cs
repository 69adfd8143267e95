using System.ComponentModel.DataAnnotations;

namespace Platform.Inference.Embeddings;

/// <summary>The sentence-embedding model of the dense retrieval path (section <c>Platform:Embeddings</c>).</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Platform:Embeddings";

    /// <summary>Embedding model folder (<c>model.onnx</c>, <c>config.json</c>, tokenizer files); relative to the content root. Empty: no dense path.</summary>
    public string? Path { get; set; }

    [RegularExpression("^(auto|cuda|cpu)$", ErrorMessage = "Platform:Embeddings:ExecutionProvider must be auto, cuda or cpu.")]
    public string ExecutionProvider { get; set; } = "auto";

    /// <summary>The most texts encoded together in one ONNX Runtime run; longer input lists are split.</summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Tokens kept per text (the rest is cut off); also capped by the model's own context length.</summary>
    [Range(1, 1_000_000)]
    public int MaxSequenceLength { get; set; } = 256;

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets it choose (one per physical core).</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }
}
