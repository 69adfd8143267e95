namespace Platform.Knowledge.Ingestion;

/// <summary>A run of text under one heading; <paramref name="HeadingPath"/> excludes the document title.</summary>
public sealed record DocumentSection(string HeadingPath, string Text)
{
    /// <summary>A question-answer pair: the chunker never splits it, whatever its length.</summary>
    public bool KeepWhole { get; init; }
}

/// <summary>A document as parsed: its title and its sections in order.</summary>
public sealed record ParsedDocument(string Title, IReadOnlyList<DocumentSection> Sections);
