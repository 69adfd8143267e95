namespace Platform.Knowledge.Ingestion.Parsing;

public sealed class PlainTextParser : IDocumentParser
{
    public IReadOnlyList<string> Extensions { get; } = [".txt"];

    public string ContentType => "text/plain";

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken) =>
        new(fallbackTitle, [new DocumentSection(string.Empty, TextDecoding.Utf8(content).Trim())]);
}
