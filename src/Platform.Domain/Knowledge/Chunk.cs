namespace Platform.Domain.Knowledge;

/// <summary>A retrievable passage of a document: one section, or a piece of a long one.</summary>
public sealed class Chunk
{
    /// <summary>Integer key: it is also the row id of the full-text index.</summary>
    public long Id { get; set; }

    public Guid DocumentId { get; set; }

    public Document? Document { get; set; }

    public int Ordinal { get; set; }

    /// <summary>The document's title, copied here so the full-text index can weight it as a field.</summary>
    public required string Title { get; set; }

    /// <summary>The headings above the passage, outermost first, joined by " > ".</summary>
    public required string HeadingPath { get; set; }

    public required string Text { get; set; }
}
