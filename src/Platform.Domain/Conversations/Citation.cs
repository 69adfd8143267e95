namespace Platform.Domain.Conversations;

/// <summary>A passage a reply stands on, as stored with the message.</summary>
public sealed class Citation
{
    public Guid DocumentId { get; set; }

    public long ChunkId { get; set; }

    public required string Title { get; set; }

    /// <summary>Where the document came from: its path inside the knowledge base, or its URL.</summary>
    public required string Source { get; set; }

    public string? HeadingPath { get; set; }

    public required string Snippet { get; set; }

    public double Score { get; set; }
}
