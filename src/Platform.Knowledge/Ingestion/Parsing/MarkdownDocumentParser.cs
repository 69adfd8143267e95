namespace Platform.Knowledge.Ingestion.Parsing;

public sealed class MarkdownDocumentParser : IDocumentParser
{
    public IReadOnlyList<string> Extensions { get; } = [".md", ".markdown"];

    public string ContentType => "text/markdown";

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken) =>
        MarkdownParser.Parse(TextDecoding.Utf8(content), fallbackTitle);
}
