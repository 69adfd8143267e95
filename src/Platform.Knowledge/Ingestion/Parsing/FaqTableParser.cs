using System.Text;

namespace Platform.Knowledge.Ingestion.Parsing;

/// <summary>
/// Question-answer pairs in CSV or TSV (RFC 4180 quoting: a quoted field may hold the delimiter, doubled quotes and
/// line breaks). The columns are found by a header (question/answer, q/a) or are the first two. Each pair is one
/// section, the question as its heading so that it weighs most in search, and it is never split.
/// </summary>
public sealed class FaqTableParser(char delimiter, string extension, string contentType) : IDocumentParser
{
    private static readonly string[] QuestionNames = ["question", "questions", "q", "title", "faq"];
    private static readonly string[] AnswerNames = ["answer", "answers", "a", "response", "body"];

    public IReadOnlyList<string> Extensions { get; } = [extension];

    public string ContentType => contentType;

    public ParsedDocument Parse(ReadOnlyMemory<byte> content, string fallbackTitle, CancellationToken cancellationToken)
    {
        var rows = ReadRows(TextDecoding.Utf8(content), cancellationToken);
        if (rows.Count == 0)
        {
            throw new DocumentParseException("The file has no rows.");
        }

        var (questionColumn, answerColumn, first) = Columns(rows[0].Fields);
        var sections = new List<DocumentSection>();
        foreach (var (line, fields) in rows.Skip(first))
        {
            if (fields.Count <= Math.Max(questionColumn, answerColumn))
            {
                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                throw new DocumentParseException($"Line {line} has {fields.Count} column(s); a question and an answer were expected.");
            }

            var question = fields[questionColumn].Trim();
            var answer = fields[answerColumn].Trim();
            if (question.Length > 0 && answer.Length > 0)
            {
                sections.Add(new DocumentSection(question, answer) { KeepWhole = true });
            }
        }

        return new ParsedDocument(fallbackTitle, sections);
    }

    private static (int Question, int Answer, int FirstDataRow) Columns(List<string> header)
    {
        var names = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var question = names.FindIndex(n => QuestionNames.Contains(n));
        var answer = names.FindIndex(n => AnswerNames.Contains(n));
        return question >= 0 && answer >= 0 ? (question, answer, 1) : (0, 1, 0);
    }

    private List<(int Line, List<string> Fields)> ReadRows(string text, CancellationToken cancellationToken)
    {
        var rows = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var quoted = false;
        var quoteStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
                quoteStart = line;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                rows.Add((rowStart, fields));
                fields = [];
                line++;
                rowStart = line;
                if (rows.Count % 1000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new DocumentParseException($"Line {quoteStart} opens a quoted field that is never closed.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add((rowStart, fields));
        }

        return rows;
    }
}
