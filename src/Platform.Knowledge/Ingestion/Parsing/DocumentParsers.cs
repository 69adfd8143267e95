using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Platform.Knowledge.Ingestion.Parsing;

/// <summary>A parsed file, or why it could not be parsed.</summary>
public sealed record ParseOutcome(string ContentType, ParsedDocument? Document, string? Error)
{
    [MemberNotNullWhen(true, nameof(Document))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Document is not null;
}

/// <summary>
/// Picks the parser by file extension and applies what every format shares: the size limit, the empty file, the time
/// limit, and "no text to index". Any failure comes back as one sentence for the admin, never as an exception.
/// </summary>
public sealed class DocumentParsers
{
    private readonly Dictionary<string, IDocumentParser> _byExtension = new(StringComparer.OrdinalIgnoreCase);
    private readonly IOptions<KnowledgeOptions> _options;

    public DocumentParsers(IOptions<KnowledgeOptions> options)
    {
        _options = options;
        var limits = options.Value;
        IDocumentParser[] parsers =
        [
            new MarkdownDocumentParser(),
            new PlainTextParser(),
            new HtmlDocumentParser(),
            new PdfDocumentParser(limits.MaxPdfPages),
            new DocxDocumentParser(limits.MaxUncompressedBytes),
            new FaqTableParser(',', ".csv", "text/csv"),
            new FaqTableParser('\t', ".tsv", "text/tab-separated-values"),
        ];
        foreach (var parser in parsers)
        {
            foreach (var extension in parser.Extensions)
            {
                _byExtension[extension] = parser;
            }
        }
    }

    public IReadOnlyCollection<string> Extensions => _byExtension.Keys;

    public bool IsSupported(string path) => _byExtension.ContainsKey(Path.GetExtension(path));

    public ParseOutcome Parse(string source, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (!_byExtension.TryGetValue(Path.GetExtension(source), out var parser))
        {
            var extension = Path.GetExtension(source);
            return Failed(string.Empty, $"Unsupported file type '{(extension.Length == 0 ? "(none)" : extension)}'. Supported: {string.Join(", ", _byExtension.Keys.Order(StringComparer.Ordinal))}.");
        }

        var limits = _options.Value;
        if (content.Length == 0)
        {
            return Failed(parser.ContentType, "The file is empty.");
        }

        if (content.Length > limits.MaxDocumentBytes)
        {
            return Failed(parser.ContentType, $"The file is {content.Length} bytes; the limit is {limits.MaxDocumentBytes}.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(limits.ParseTimeoutSeconds));
        ParsedDocument parsed;
        try
        {
            var fallbackTitle = Path.GetFileNameWithoutExtension(source).Replace('-', ' ').Replace('_', ' ');
            parsed = parser.Parse(content, fallbackTitle, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(parser.ContentType, $"Reading the file took longer than {limits.ParseTimeoutSeconds} s; split it into smaller files.");
        }
        catch (DocumentParseException ex)
        {
            return Failed(parser.ContentType, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A parser library failing in a way its parser did not foresee must still fail this file alone: an
            // exception escaping here would stop the rest of a folder or an upload batch.
            return Failed(parser.ContentType, $"The file could not be read as {Path.GetExtension(source)}; it looks damaged ({ex.GetType().Name}).");
        }

        if (!parsed.Sections.Any(s => !string.IsNullOrWhiteSpace(s.Text)))
        {
            return Failed(parser.ContentType, "The file has no text to index.");
        }

        return new ParseOutcome(parser.ContentType, parsed, null);
    }

    private static ParseOutcome Failed(string contentType, string error) => new(contentType, null, error);
}
