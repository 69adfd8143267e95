using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Platform.Knowledge.Ingestion.Parsing;

/// <summary>
/// HTML pages: the title from &lt;title&gt; or the first &lt;h1&gt;, sections under h2-h6 headings, the text of
/// paragraphs, list items, table rows and preformatted blocks. Navigation, headers, footers, scripts and styles are
/// dropped: they repeat on every page of a site and would match every question.
/// </summary>
public sealed class HtmlDocumentParser : IDocumentParser
{
    private const string Dropped = "script, style, noscript, template, svg, nav, header, footer, form, iframe, object";
    private const string Blocks = "h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, tr, dt, dd, figcaption, caption";

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm"];

    public string ContentType => "text/html";

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken)
    {
        var document = new HtmlParser().ParseDocument(TextDecoding.Utf8(content));
        foreach (var element in document.QuerySelectorAll(Dropped).ToList())
        {
            element.Remove();
        }

        var title = TextDecoding.CollapseWhitespace(document.Title);
        var headings = new List<(int Level, string Text)>();
        var sections = new List<DocumentSection>();
        var body = new StringBuilder();
        var seenFirstH1 = false;

        void Flush()
        {
            var text = body.ToString().Trim();
            body.Clear();
            if (text.Length > 0)
            {
                sections.Add(new DocumentSection(string.Join(MarkdownParser.HeadingSeparator, headings.Select(h => h.Text)), text));
            }
        }

        var root = (IElement?)document.Body ?? document.DocumentElement;
        var blocks = root.QuerySelectorAll(Blocks).Where(IsOutermostBlock).ToList();
        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var level = HeadingLevel(block);
            if (level > 0)
            {
                var text = TextDecoding.CollapseWhitespace(block.TextContent);
                if (text.Length == 0)
                {
                    continue;
                }

                Flush();
                if (level == 1 && !seenFirstH1)
                {
                    // The page's own heading names the document, as the first # does in Markdown.
                    seenFirstH1 = true;
                    title = string.IsNullOrEmpty(title) ? text : title;
                    headings.Clear();
                    continue;
                }

                headings.RemoveAll(h => h.Level >= level);
                headings.Add((level, text));
                continue;
            }

            var line = block.LocalName == "tr"
                ? string.Join(" | ", block.Children.Select(c => TextDecoding.CollapseWhitespace(c.TextContent)).Where(t => t.Length > 0))
                : TextDecoding.CollapseWhitespace(block.TextContent);
            if (line.Length > 0)
            {
                body.Append(block.LocalName == "li" ? "- " : string.Empty).Append(line).Append(block.LocalName is "li" or "tr" or "dt" ? "\n" : "\n\n");
            }
        }

        Flush();
        if (sections.Count == 0 && TextDecoding.CollapseWhitespace(root.TextContent) is { Length: > 0 } loose)
        {
            // A page of bare text in divs: one section rather than nothing.
            sections.Add(new DocumentSection(string.Empty, loose));
        }

        return new ParsedDocument(string.IsNullOrEmpty(title) ? fallbackTitle : title, sections);
    }

    private static int HeadingLevel(IElement element) =>
        element.LocalName is ['h', var digit] && digit is >= '1' and <= '6' ? digit - '0' : 0;

    // A list item holding paragraphs is read through its paragraphs, not twice.
    private static bool IsOutermostBlock(IElement element) =>
        element.QuerySelectorAll(Blocks).Length == 0 || element.LocalName == "tr";
}
