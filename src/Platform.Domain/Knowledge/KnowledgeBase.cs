namespace Platform.Domain.Knowledge;

/// <summary>A named collection of documents that one bot answers from.</summary>
public sealed class KnowledgeBase
{
    public Guid Id { get; set; }

    /// <summary>Stable, URL-safe name (for example "default").</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>Counts the changes to the document set: each add, replace, delete or rollback is one version.</summary>
    public int Version { get; set; }

    /// <summary>
    /// The admin's synonym list, one group per line, comma-separated ("coronavirus, covid, corona virus"): every
    /// entry of a group is indexed and searched as the group's first entry.
    /// </summary>
    public string Synonyms { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<Document> Documents { get; set; } = [];
}
