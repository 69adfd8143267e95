using System.ComponentModel.DataAnnotations;

namespace Platform.Conversations.Models;

/// <summary>Fine-tuning runs and promotion (section <c>Platform:FineTune</c>).</summary>
public sealed class FineTuneOptions
{
    public const string SectionName = "Platform:FineTune";

    /// <summary>The Python with PyTorch that runs the recipe (Debian's python3-torch lives at /usr/bin/python3).</summary>
    [Required]
    public string Python { get; set; } = "/usr/bin/python3";

    /// <summary>The recipe, relative to the content root.</summary>
    [Required]
    public string Recipe { get; set; } = "models/training/recipe.py";

    /// <summary>Where trained versions' model folders go, relative to the content root.</summary>
    [Required]
    public string VersionsPath { get; set; } = "data/models";

    /// <summary>Where runs keep their data, checkpoints and logs.</summary>
    [Required]
    public string WorkPath { get; set; } = "data/fine-tunes";

    /// <summary>The recipe preset whose batch size and learning rate a run uses (<c>default</c>, or <c>tiny</c> for tests).</summary>
    [Required]
    public string Preset { get; set; } = "default";

    [Range(1, 100_000)]
    public int Steps { get; set; } = 200;

    /// <summary>
    /// The attention the recipe exports new versions with: <c>fused</c> (one buffer shared by past and present, the
    /// fastest on the CPU) or <c>standard</c> (for servers that run the model on CUDA, whose GroupQueryAttention
    /// kernel is fp16 only).
    /// </summary>
    [RegularExpression("^(fused|standard)$", ErrorMessage = "Platform:FineTune:Attention must be fused or standard.")]
    public string Attention { get; set; } = "fused";

    /// <summary>A run is stopped (and fails) when it takes longer than this.</summary>
    [Range(1, 24 * 60)]
    public int TimeLimitMinutes { get; set; } = 120;

    /// <summary>Approved examples a run needs: some are held out for the eval, the rest are trained on.</summary>
    [Range(2, 1_000_000)]
    public int MinExamples { get; set; } = 10;

    /// <summary>Every n-th approved example (by id) is held out for the eval and never trained on.</summary>
    [Range(2, 100)]
    public int HoldOutEvery { get; set; } = 5;

    /// <summary>
    /// When set, a finished version whose held-out loss is lower than the active version's by at least this much is
    /// promoted without an admin. Off by default: a person decides.
    /// </summary>
    [Range(0.0, 100.0)]
    public double? AutoPromoteMargin { get; set; }
}
