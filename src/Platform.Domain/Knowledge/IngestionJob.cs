namespace Platform.Domain.Knowledge;

/// <summary>One batch of files sent to a knowledge base (an upload, a CLI run, a watched-folder change).</summary>
public sealed class IngestionJob
{
    public Guid Id { get; set; }

    public Guid KnowledgeBaseId { get; set; }

    /// <summary>Where the batch came from: <c>api</c>, <c>watch</c>, <c>seed</c>, <c>reindex</c>, <c>rollback</c>.</summary>
    public required string Origin { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public List<IngestionItem> Items { get; set; } = [];
}

/// <summary>One file of an <see cref="IngestionJob"/>, with its own status, so one bad file fails alone.</summary>
public sealed class IngestionItem
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public IngestionJob? Job { get; set; }

    /// <summary>Order within the job; items are processed in this order.</summary>
    public int Ordinal { get; set; }

    public required string Source { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>The uploaded bytes until the item is processed; cleared afterwards (the revision keeps them).</summary>
    public byte[]? Content { get; set; }

    /// <summary>True for a delete request (a watched file that disappeared): no content, the document goes.</summary>
    public bool IsDelete { get; set; }

    /// <summary>Re-parse and re-index even when the bytes are unchanged (a re-index after a parser or model change).</summary>
    public bool Force { get; set; }

    public IngestionItemStatus Status { get; set; }

    public Guid? DocumentId { get; set; }

    public int Chunks { get; set; }

    public string? Error { get; set; }

    public DateTime? StartedAt { get; set; }

    /// <summary>
    /// While parsing: until when the node parsing it holds it. The node renews it while it works; an item whose
    /// lease ran out was dropped by a node that stopped, and goes back to the queue.
    /// </summary>
    public DateTime? LeaseExpiresAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}

public enum IngestionItemStatus
{
    Queued = 0,
    Parsing = 1,
    Added = 3,
    Updated = 4,
    Unchanged = 5,
    Deleted = 6,
    Failed = 7,
}
