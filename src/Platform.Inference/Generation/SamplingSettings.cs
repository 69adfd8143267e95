namespace Platform.Inference.Generation;

/// <summary>How one sequence picks its next token and when it stops.</summary>
public sealed record SamplingSettings
{
    /// <summary>0 (or below) means greedy.</summary>
    public float Temperature { get; init; }

    /// <summary>0 means no top-k cut.</summary>
    public int TopK { get; init; }

    /// <summary>1 means no nucleus cut.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>1 means none; above 1 makes tokens already in the sequence less likely (the CTRL/Hugging Face rule).</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    public int MaxNewTokens { get; init; } = 128;

    public IReadOnlyCollection<int> StopTokenIds { get; init; } = [];

    /// <summary>Seed for sampling; null draws one, so repeated runs differ unless a seed is given.</summary>
    public int? Seed { get; init; }

    public bool IsGreedy => Temperature <= 0f;
}
