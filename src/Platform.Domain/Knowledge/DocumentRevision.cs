namespace Platform.Domain.Knowledge;

/// <summary>
/// The bytes of one version of a document, kept so that a knowledge base can be exported, re-indexed and rolled back.
/// A revision is live from <see cref="AddedInVersion"/> until the knowledge base version that replaced or removed it.
/// </summary>
public sealed class DocumentRevision
{
    public Guid Id { get; set; }

    public Guid KnowledgeBaseId { get; set; }

    public required string Source { get; set; }

    public required string ContentType { get; set; }

    public required string ContentHash { get; set; }

    public required byte[] Content { get; set; }

    public int AddedInVersion { get; set; }

    /// <summary>The version in which a newer revision or a delete ended this one; null while it is live.</summary>
    public int? RemovedInVersion { get; set; }

    public DateTime CreatedAt { get; set; }
}
