namespace Platform.Knowledge.Ingestion;

public enum IngestOutcome
{
    Added,
    Updated,
    Unchanged,
    Failed,
}

/// <summary>What happened to one file; <see cref="Error"/> says why when it failed.</summary>
public sealed record IngestResult(string Source, IngestOutcome Outcome, Guid? DocumentId, int Chunks, string? Error = null);
