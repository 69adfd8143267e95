using System.ComponentModel.DataAnnotations;

namespace Platform.Inference;

/// <summary>The local model (section <c>Platform:Model</c>).</summary>
public sealed class ModelOptions
{
    public const string SectionName = "Platform:Model";

    /// <summary>Model folder per the model-folder contract; relative to the content root. Empty: no local model.</summary>
    public string? Path { get; set; }

    [RegularExpression("^(auto|cuda|cpu)$", ErrorMessage = "Platform:Model:ExecutionProvider must be auto, cuda or cpu.")]
    public string ExecutionProvider { get; set; } = "auto";

    /// <summary>The most sequences decoded together in one run per step; more wait in the queue.</summary>
    [Range(1, 256)]
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>Requests waiting for a batch slot beyond this are refused at once rather than left to time out.</summary>
    [Range(1, 100_000)]
    public int MaxQueueLength { get; set; } = 256;

    /// <summary>Prompt plus reply, in tokens; also capped by the model's own context length.</summary>
    [Range(16, 1_000_000)]
    public int MaxSequenceLength { get; set; } = 1024;

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets it choose (one per physical core).</summary>
    [Range(0, 1024)]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// For the <c>support-gpt-v1</c> template: citing any sentence of an FAQ entry (a passage whose heading is a
    /// question, or one the prompt tags as an entry: <see cref="Templates.GroundingProperties.FaqEntry"/>) quotes the
    /// whole entry, as its author wrote the answer. False: only the sentences the model cites.
    /// </summary>
    public bool QuoteWholeFaqEntries { get; set; } = true;

    /// <summary>Used when neither the request nor <c>generation_config.json</c> sets it.</summary>
    [Range(1, 4096)]
    public int DefaultMaxNewTokens { get; set; } = 160;
}
