namespace Platform.Domain.Knowledge;

/// <summary>One source file of a knowledge base, identified within it by <see cref="Source"/>.</summary>
public sealed class Document
{
    public Guid Id { get; set; }

    public Guid KnowledgeBaseId { get; set; }

    public KnowledgeBase? KnowledgeBase { get; set; }

    /// <summary>Path inside the knowledge base (for example "faq/shipping.md"), unique per knowledge base.</summary>
    public required string Source { get; set; }

    public required string Title { get; set; }

    public required string ContentType { get; set; }

    /// <summary>SHA-256 of the raw bytes, hex; identical content is not ingested twice.</summary>
    public required string ContentHash { get; set; }

    public long SizeBytes { get; set; }

    public DocumentStatus Status { get; set; }

    /// <summary>The knowledge base version in which this content was indexed.</summary>
    public int Version { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<Chunk> Chunks { get; set; } = [];
}
