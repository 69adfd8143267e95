using System.ComponentModel.DataAnnotations;

namespace Platform.Server.OpenAi;

/// <summary>
/// Serving the local model to other nodes at <c>/v1/chat/completions</c>, OpenAI's chat-completions wire format
/// (section <c>Platform:Model:Serve</c>), so one GPU node can answer for many web nodes. Off until a key is set: an
/// open model endpoint would let anyone spend the GPU.
/// </summary>
public sealed class ModelServingOptions
{
    public const string SectionName = "Platform:Model:Serve";

    /// <summary>The keys a caller may send as <c>Authorization: Bearer KEY</c>. None: the endpoint answers 404.</summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>The largest request body accepted; a bigger one is refused with 413.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>The most messages one request may carry.</summary>
    [Range(1, 1_000)]
    public int MaxMessages { get; set; } = 64;

    /// <summary>The most new tokens a caller may ask for (<c>max_tokens</c> / <c>max_completion_tokens</c>); more is refused.</summary>
    [Range(1, 32_768)]
    public int MaxTokens { get; set; } = 1_024;
}
