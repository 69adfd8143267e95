using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Platform.Knowledge.Ingestion.Parsing;

/// <summary>
/// PDFs, read with PdfPig: words are grouped into lines by their baseline; a short line set clearly larger than the
/// body text is a heading. A document whose page tree counts more than the page limit is refused before any page is
/// read, which is what keeps a 10,000-page upload from costing minutes and gigabytes.
/// </summary>
public sealed class PdfDocumentParser(int maxPages) : IDocumentParser
{
    private const double HeadingScale = 1.2;
    private const int MaxHeadingChars = 150;

    public IReadOnlyList<string> Extensions { get; } = [".pdf"];

    public string ContentType => "application/pdf";

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken)
    {
        try
        {
            using var document = PdfDocument.Open(content.ToArray(), new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
            if (document.NumberOfPages > maxPages)
            {
                throw new DocumentParseException($"The PDF has {document.NumberOfPages} pages; the limit is {maxPages}. Split it into smaller files.");
            }

            var lines = new List<(int Page, double Size, string Text, bool ParagraphBreak)>();
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lines.AddRange(Lines(document.GetPage(number)).Select(l => (number, l.Size, l.Text, l.ParagraphBreak)));
            }

            // The body is the size most of the text is set in, whatever the number of heading lines.
            var bodySize = lines.Count == 0 ? 0 : lines.GroupBy(l => Math.Round(l.Size, 1)).MaxBy(g => g.Sum(l => l.Text.Length))!.Key;
            var documentTitle = TextDecoding.CollapseWhitespace(document.Information.Title);
            return Sections(lines, bodySize, string.IsNullOrEmpty(documentTitle) ? null : documentTitle, fallbackTitle);
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentParseException("The PDF is encrypted; upload a copy without a password.", ex);
        }
        catch (Exception ex) when (ex is not (DocumentParseException or OperationCanceledException))
        {
            // PdfPig reports damage through many exception types (a fuzzed file also gave NotSupportedException for an
            // unknown stream filter); to the admin they all mean one thing.
            throw new DocumentParseException("The PDF could not be read; it looks damaged. Open and re-save it, then upload it again.", ex);
        }
    }

    private static ParsedDocument Sections(List<(int Page, double Size, string Text, bool ParagraphBreak)> lines, double bodySize, string? title, string fallbackTitle)
    {
        var headings = new List<(double Size, string Text)>();
        var sections = new List<DocumentSection>();
        var body = new StringBuilder();
        var anyHeading = lines.Any(l => IsHeading(l.Size, l.Text, bodySize));
        var page = 0;

        void Flush()
        {
            var text = body.ToString().Trim();
            body.Clear();
            if (text.Length > 0)
            {
                var path = anyHeading ? string.Join(MarkdownParser.HeadingSeparator, headings.Select(h => h.Text)) : $"Page {page}";
                sections.Add(new DocumentSection(path, text));
            }
        }

        foreach (var line in lines)
        {
            if (!anyHeading && line.Page != page)
            {
                Flush();
            }

            page = line.Page;
            if (IsHeading(line.Size, line.Text, bodySize))
            {
                Flush();
                if (title is null)
                {
                    title = line.Text;
                    continue;
                }

                // A larger type is a higher level: drop the headings it closes, as Markdown does with fewer #s.
                headings.RemoveAll(h => h.Size <= line.Size + 0.5);
                headings.Add((line.Size, line.Text));
                continue;
            }

            body.Append(line.ParagraphBreak && body.Length > 0 ? "\n\n" : body.Length > 0 ? " " : string.Empty).Append(line.Text);
        }

        Flush();
        return new ParsedDocument(title ?? fallbackTitle, sections);
    }

    private static bool IsHeading(double size, string text, double bodySize) =>
        bodySize > 0 && size >= bodySize * HeadingScale && text.Length <= MaxHeadingChars;

    /// <summary>The page's words as lines, top to bottom, with their font size and whether a gap opens a paragraph.</summary>
    private static IEnumerable<(double Size, string Text, bool ParagraphBreak)> Lines(Page page)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        var grouped = words
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom / 2.0))
            .OrderByDescending(g => g.Key)
            .Select(g => g.OrderBy(w => w.BoundingBox.Left).ToList())
            .ToList();
        double? previousBottom = null;
        double previousHeight = 0;
        foreach (var line in grouped)
        {
            var size = line.Max(w => w.Letters.Count == 0 ? 0 : w.Letters.Max(l => l.PointSize));
            var bottom = line.Min(w => w.BoundingBox.Bottom);
            var height = line.Max(w => w.BoundingBox.Height);
            var gap = previousBottom is { } above ? above - bottom - height : 0;
            yield return (size, string.Join(' ', line.Select(w => w.Text)), previousBottom is not null && gap > Math.Max(previousHeight, height) * 0.8);
            previousBottom = bottom;
            previousHeight = height;
        }
    }
}
