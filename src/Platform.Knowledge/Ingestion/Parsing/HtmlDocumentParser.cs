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

    // Elements that end the running line of text; everything else (a, b, span...) flows into it.
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "hr", "li", "main", "ol", "p", "section", "summary", "table", "tbody", "tfoot", "thead", "ul",
    };

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm"];

    public string ContentType => "text/html";

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken)
    {
        // The async overload is the one that observes the token (AngleSharp's tree building is quadratic in nesting
        // depth, so a small hostile page can take minutes). The source is an in-memory string, so the parse runs on
        // this thread and blocking on it waits for nothing else.
        var document = new HtmlParser().ParseDocumentAsync(TextDecoding.Utf8(content), cancellationToken).GetAwaiter().GetResult();
        foreach (var element in document.QuerySelectorAll(Dropped).ToList())
        {
            element.Remove();
        }

        // TextContent ignores <br>; without this "one<br>two" would index as the single word "onetwo".
        foreach (var lineBreak in document.QuerySelectorAll("br").ToList())
        {
            lineBreak.Replace(document.CreateTextNode("\n"));
        }

        var reader = new Reader(TextDecoding.CollapseWhitespace(document.Title));
        var root = (IElement?)document.Body ?? document.DocumentElement;

        // An explicit stack, not recursion: a hostile page nested a hundred thousand deep must not overflow the stack.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
        while (stack.TryPop(out var item))
        {
            var (node, leaving) = item;
            if (node is IText text)
            {
                reader.Line.Append(text.Data);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var name = element.LocalName;
            if (leaving)
            {
                reader.EndLine(name is "li" or "dt" ? "\n" : "\n\n");
                reader.Prefix = name == "li" ? string.Empty : reader.Prefix;
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (name is ['h', >= '1' and <= '6'])
            {
                reader.Heading(name[1] - '0', TextDecoding.CollapseWhitespace(element.TextContent));
                continue;
            }

            if (name == "tr")
            {
                reader.EndLine("\n\n");
                reader.Row(element.Children.Where(c => c.LocalName is "td" or "th").Select(c => TextDecoding.CollapseWhitespace(c.TextContent)));
                continue;
            }

            if (name == "pre")
            {
                reader.EndLine("\n\n");
                reader.Preformatted(element.TextContent);
                continue;
            }

            if (Blocks.Contains(name))
            {
                reader.EndLine("\n\n");
                reader.Prefix = name == "li" ? "- " : reader.Prefix;
                stack.Push((element, true));
            }

            for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push((child, false));
            }
        }

        return reader.Finish(fallbackTitle);
    }


    /// <summary>The sections read so far, the heading path, and the line of text being gathered.</summary>
    private sealed class Reader(string title)
    {
        private readonly List<(int Level, string Text)> _headings = [];
        private readonly List<DocumentSection> _sections = [];
        private readonly StringBuilder _body = new();
        private string _title = title;
        private bool _seenFirstH1;

        public StringBuilder Line { get; } = new();

        public string Prefix { get; set; } = string.Empty;

        public void EndLine(string separator)
        {
            var line = TextDecoding.CollapseWhitespace(Line.ToString());
            Line.Clear();
            if (line.Length > 0)
            {
                _body.Append(Prefix).Append(line).Append(Prefix.Length > 0 ? "\n" : separator);
                Prefix = string.Empty;
            }
        }

        public void Row(IEnumerable<string> cells)
        {
            var row = string.Join(" | ", cells.Where(c => c.Length > 0));
            if (row.Length > 0)
            {
                _body.Append(row).Append('\n');
            }
        }

        public void Preformatted(string text)
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                _body.Append(text.Trim('\r', '\n')).Append("\n\n");
            }
        }

        public void Heading(int level, string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            EndLine("\n\n");
            Flush();
            if (level == 1 && !_seenFirstH1)
            {
                // The page's own heading names the document, as the first # does in Markdown.
                _seenFirstH1 = true;
                _title = string.IsNullOrEmpty(_title) ? text : _title;
                _headings.Clear();
                return;
            }

            _headings.RemoveAll(h => h.Level >= level);
            _headings.Add((level, text));
        }

        public ParsedDocument Finish(string fallbackTitle)
        {
            EndLine("\n\n");
            Flush();
            return new ParsedDocument(string.IsNullOrEmpty(_title) ? fallbackTitle : _title, _sections);
        }

        private void Flush()
        {
            var text = _body.ToString().Trim();
            _body.Clear();
            if (text.Length > 0)
            {
                _sections.Add(new DocumentSection(string.Join(MarkdownParser.HeadingSeparator, _headings.Select(h => h.Text)), text));
            }
        }
    }
}
