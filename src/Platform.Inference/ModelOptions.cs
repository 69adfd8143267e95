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
}
