namespace Platform.Domain.Knowledge;

/// <summary>A named collection of documents that one bot answers from.</summary>
public sealed class KnowledgeBase
{
    public Guid Id { get; set; }

    /// <summary>Stable, URL-safe name (for example "default").</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<Document> Documents { get; set; } = [];
}
