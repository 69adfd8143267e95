namespace Platform.Knowledge.Ingestion.Parsing;

/// <summary>Reads one file format into a title and sections; throws <see cref="DocumentParseException"/> for a bad file.</summary>
public interface IDocumentParser
{
    /// <summary>File extensions this parser reads, with the dot (".pdf").</summary>
    IReadOnlyList<string> Extensions { get; }

    string ContentType { get; }

    ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken);
}

/// <summary>Why a file cannot be read, in a sentence an admin can act on; shown per file in the ingestion job.</summary>
public sealed class DocumentParseException : Exception
{
    public DocumentParseException(string message)
        : base(message)
    {
    }

    public DocumentParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DocumentParseException()
    {
    }
}
