namespace Platform.Domain.Models;

public enum ModelVersionStatus
{
    /// <summary>A fine-tuning run is producing it.</summary>
    Training = 0,

    /// <summary>Trained and evaluated; it can be promoted.</summary>
    Ready = 1,

    Failed = 2,

    Cancelled = 3,
}

/// <summary>
/// A version of the local model: the shipped one, or one a fine-tuning run produced from approved transcripts. At
/// most one is active; replies record the active version's name (<c>Message.Model</c>).
/// </summary>
public sealed class ModelVersion
{
    public Guid Id { get; set; }

    /// <summary>Unique; also the model folder's name, which the engine reports as the model id of every reply.</summary>
    public required string Name { get; set; }

    /// <summary>The model folder, relative to the content root.</summary>
    public required string Folder { get; set; }

    public ModelVersionStatus Status { get; set; }

    public bool IsActive { get; set; }

    public Guid? BaseVersionId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>While training: until when the node running it holds it (renewed as it runs; see IngestionItem.LeaseExpiresAt).</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    public DateTime? ActivatedAt { get; set; }

    /// <summary>0 to 1 while training.</summary>
    public double Progress { get; set; }

    public int? TrainExamples { get; set; }

    public int? HeldOutExamples { get; set; }

    /// <summary>Answer-token loss on the held-out examples (never trained on): this version, and the version it started from.</summary>
    public double? HeldOutLoss { get; set; }

    public double? BaseHeldOutLoss { get; set; }

    public string? Error { get; set; }

    /// <summary>The last lines the run printed.</summary>
    public string? LogTail { get; set; }
}
