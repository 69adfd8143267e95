using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Platform.Knowledge.Ingestion.Parsing;

/// <summary>
/// Word documents (.docx): the title from the document properties or a Title-styled paragraph, sections under
/// Heading 1-6 (by style or outline level), tables as rows of cells. The zip is inspected before Open XML reads it:
/// a small file that would inflate to gigabytes (a zip bomb) is refused by its declared sizes and compression ratio,
/// and .NET's zip reader stops inflating an entry at its declared size (since .NET Core 3.0, dotnet/docs#13448), so a
/// header that understates the size cannot get round the check.
/// </summary>
public sealed class DocxDocumentParser(long maxUncompressedBytes) : IDocumentParser
{
    private const int MaxEntries = 10_000;

    // Word's own XML compresses 5-20x; a thousand to one is only ever a constructed file.
    private const long MaxCompressionRatio = 200;

    public IReadOnlyList<string> Extensions { get; } = [".docx"];

    public string ContentType => "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken)
    {
        var bytes = content.ToArray();
        CheckZip(bytes);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false, new OpenSettings { MaxCharactersInPart = maxUncompressedBytes });
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentParseException("The Word document has no body.");
            var title = document.PackageProperties.Title;
            return Read(body, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), fallbackTitle, cancellationToken);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new DocumentParseException("The Word document could not be read; it looks damaged or is not a .docx file.", ex);
        }
    }

    private void CheckZip(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw new DocumentParseException($"The Word document holds {zip.Entries.Count} files; a real one holds a few dozen.");
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > maxUncompressedBytes)
                {
                    throw new DocumentParseException($"The Word document would expand to more than {maxUncompressedBytes / (1024 * 1024)} MB; it is refused as a possible zip bomb.");
                }

                if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxCompressionRatio && entry.Length > 1024 * 1024)
                {
                    throw new DocumentParseException($"The Word document's part '{entry.FullName}' is compressed {entry.Length / entry.CompressedLength} to 1; it is refused as a possible zip bomb.");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentParseException("The file is not a .docx (Word) document: it is not a valid zip package.", ex);
        }
    }

    private static ParsedDocument Read(Body body, string? title, string fallbackTitle, CancellationToken cancellationToken)
    {
        var headings = new List<(int Level, string Text)>();
        var sections = new List<DocumentSection>();
        var text = new StringBuilder();

        void Flush()
        {
            var section = text.ToString().Trim();
            text.Clear();
            if (section.Length > 0)
            {
                sections.Add(new DocumentSection(string.Join(MarkdownParser.HeadingSeparator, headings.Select(h => h.Text)), section));
            }
        }

        foreach (var element in body.ChildElements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (element is Table table)
            {
                foreach (var row in table.Elements<TableRow>())
                {
                    var cells = row.Elements<TableCell>().Select(c => TextDecoding.CollapseWhitespace(c.InnerText)).Where(c => c.Length > 0);
                    text.AppendJoin(" | ", cells).Append('\n');
                }

                text.Append('\n');
                continue;
            }

            if (element is not Paragraph paragraph)
            {
                continue;
            }

            var line = TextDecoding.CollapseWhitespace(paragraph.InnerText);
            if (line.Length == 0)
            {
                continue;
            }

            var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty;
            if (style.Equals("Title", StringComparison.OrdinalIgnoreCase))
            {
                title ??= line;
                continue;
            }

            var level = HeadingLevel(paragraph, style);
            if (level > 0)
            {
                Flush();
                headings.RemoveAll(h => h.Level >= level);
                headings.Add((level, line));
                continue;
            }

            text.Append(line).Append("\n\n");
        }

        Flush();
        return new ParsedDocument(title ?? fallbackTitle, sections);
    }

    private static int HeadingLevel(Paragraph paragraph, string style)
    {
        if (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) && int.TryParse(style.AsSpan("Heading".Length), out var level) && level is >= 1 and <= 6)
        {
            return level;
        }

        return paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 6 ? outline + 1 : 0;
    }
}
