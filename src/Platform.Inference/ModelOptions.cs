using System.ComponentModel.DataAnnotations;

namespace Platform.Inference;

/// <summary>The local model (section <c>Platform:Model</c>).</summary>
public sealed class ModelOptions : IValidatableObject
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

    /// <summary>
    /// An OpenAI-compatible chat-completions server to answer with instead of the local model (vLLM, Ollama,
    /// llama.cpp's server, TGI, or another node of this platform serving its model): the base address, with its
    /// <c>/v1</c>, e.g. <c>http://gpu-node:5000/v1</c>. Empty: the local model (or the extractive answerer).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The key sent to <see cref="Endpoint"/> as <c>Authorization: Bearer</c>.</summary>
    public string? EndpointApiKey { get; set; }

    /// <summary>The model name asked of <see cref="Endpoint"/>; required with it.</summary>
    public string? EndpointModel { get; set; }

    /// <summary>Used when neither the request nor <c>generation_config.json</c> sets it.</summary>
    [Range(1, 4096)]
    public int DefaultMaxNewTokens { get; set; } = 160;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            yield break;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"Platform:Model:Endpoint '{Endpoint}' is not an http(s) address.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(EndpointModel))
        {
            yield return new ValidationResult("Platform:Model:EndpointModel must name the model to ask Platform:Model:Endpoint for.", [nameof(EndpointModel)]);
        }
    }
}
