using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Ingestion.Parsing;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Platform.Knowledge.Tests;

/// <summary>Every format the knowledge base reads, and the bad files it must refuse with a clear sentence.</summary>
public sealed class DocumentParsersTests
{
    private readonly DocumentParsers _parsers = new(Options.Create(new KnowledgeOptions()));

    [Fact]
    public void Html_KeepsTitleAndHeadingPath_AndDropsNavigationAndScripts()
    {
        const string html = """
            <html><head><title>Care guide</title><script>var secret = 1;</script></head>
            <body><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
            <h1>Care guide</h1>
            <h2>Jackets</h2><h3>Washing</h3><p>Wash the Cirrus jacket cold,   on a gentle cycle.</p>
            <ul><li>Use down wash</li><li>Tumble dry low</li></ul>
            <table><tr><th>Fabric</th><th>Heat</th></tr><tr><td>Nylon</td><td>Low</td></tr></table>
            <footer>© Ridgeline</footer></body></html>
            """;

        var document = Parse("care.html", html);

        Assert.Equal("Care guide", document.Title);
        var section = Assert.Single(document.Sections);
        Assert.Equal("Jackets > Washing", section.HeadingPath);
        Assert.Contains("Wash the Cirrus jacket cold, on a gentle cycle.", section.Text, StringComparison.Ordinal);
        Assert.Contains("- Tumble dry low", section.Text, StringComparison.Ordinal);
        Assert.Contains("Nylon | Low", section.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", section.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Shop", section.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ridgeline", section.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_KeepsEveryPieceOfTextOnce_WhateverTheNesting()
    {
        const string html = """
            <h1>Returns</h1>
            <div>Returns are free for members.</div>
            <p>Call us<br>or write to us.</p>
            <ul><li>Unworn items<ul><li>with tags</li></ul></li><li><p>Gift receipts work too.</p></li></ul>
            <table><tr><td><p>Boots</p></td><td>60 days</td></tr></table>
            """;

        var text = Assert.Single(Parse("returns.html", html).Sections).Text;

        Assert.Contains("Returns are free for members.", text, StringComparison.Ordinal);
        Assert.Contains("Call us or write to us.", text.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("- Unworn items", text, StringComparison.Ordinal);
        Assert.Contains("- with tags", text, StringComparison.Ordinal);
        Assert.Contains("- Gift receipts work too.", text, StringComparison.Ordinal);
        Assert.Contains("Boots | 60 days", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split("Boots").Length - 1);
    }

    [Fact]
    public void Html_NestedSoDeepThatParsingTakesLong_IsStoppedAtTheParseTimeout()
    {
        // AngleSharp's tree building is quadratic in nesting depth: 100,000 unclosed divs (600 KB) take
        // about 25 s on one core, 200,000 over four minutes.
        var html = "<h1>Deep</h1>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "text";
        var parsers = new DocumentParsers(Options.Create(new KnowledgeOptions { ParseTimeoutSeconds = 1 }));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = parsers.Parse("deep.html", Encoding.UTF8.GetBytes(html), CancellationToken.None);

        Assert.Contains("took longer than 1 s", outcome.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"it ran {clock.Elapsed.TotalSeconds:F0} s past a 1 s limit");
    }

    [Fact]
    public void Csv_QuotedCommasQuotesAndLineBreaks_EachPairIsOneWholeSection()
    {
        var longAnswer = string.Join(' ', Enumerable.Repeat("Returns are free within 60 days.", 80));
        var csv = $"""
            Question,Answer
            "Can I return, exchange or repair?","Yes, ""any"" item.
            Even worn ones."
            Is shipping free?,{longAnswer}
            Empty answer,
            """;

        var document = Parse("faq.csv", csv);

        Assert.Equal(2, document.Sections.Count);
        Assert.Equal("Can I return, exchange or repair?", document.Sections[0].HeadingPath);
        Assert.Equal("Yes, \"any\" item.\nEven worn ones.", document.Sections[0].Text.ReplaceLineEndings("\n"));
        Assert.All(document.Sections, s => Assert.True(s.KeepWhole));
        var chunks = new Chunker(1500, 200).Split(document.Sections[1]).ToList();
        Assert.Equal(longAnswer, Assert.Single(chunks).Text);
    }

    [Fact]
    public void Tsv_WithoutAHeader_TakesTheFirstTwoColumns()
    {
        var document = Parse("faq.tsv", "Do you ship to Canada?\tYes, in 7-14 days.\textra\n");

        Assert.Equal("Do you ship to Canada?", Assert.Single(document.Sections).HeadingPath);
    }

    [Fact]
    public void Csv_UnterminatedQuote_IsRefusedNamingTheLine()
    {
        var error = Failure("faq.csv", "question,answer\nok,fine\n\"broken,answer\nmore");

        Assert.Contains("Line 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_LargerTypeIsTitleAndHeadings_BodyBecomesTheirSections()
    {
        var document = Parse("manual.pdf", BuildPdf(
            [(24, "Summit 2 Tent Manual"), (16, "Pitching"), (11, "Stake the corners first, then clip the poles."), (11, "Tension the fly last.")],
            [(16, "Care"), (11, "Dry the tent before you store it.")]));

        Assert.Equal("Summit 2 Tent Manual", document.Title);
        Assert.Equal(["Pitching", "Care"], document.Sections.Select(s => s.HeadingPath));
        Assert.Contains("Stake the corners first, then clip the poles.", document.Sections[0].Text, StringComparison.Ordinal);
        Assert.Contains("Dry the tent", document.Sections[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_WithUniformType_IsOneSectionPerPage()
    {
        var document = Parse("notes.pdf", BuildPdf([(11, "First page text.")], [(11, "Second page text.")]));

        Assert.Equal(["Page 1", "Page 2"], document.Sections.Select(s => s.HeadingPath));
    }

    [Fact]
    public void Pdf_TenThousandPages_IsRefusedByItsPageCountWithBoundedMemory()
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            builder.AddPage(PageSize.A6);
        }

        var pdf = builder.Build();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var error = Failure("huge.pdf", pdf);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains("10000 pages; the limit is 2000", error, StringComparison.Ordinal);
        Assert.True(allocated < 200L * 1024 * 1024, $"refusing it allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public void Pdf_Encrypted_IsRefusedAskingForACopyWithoutPassword()
    {
        var error = Failure("locked.pdf", EncryptedPdf());

        Assert.Contains("encrypted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_WithAStreamFilterPdfPigDoesNotKnow_IsRefusedAsDamagedInsteadOfThrowing()
    {
        var error = Failure("odd-filter.pdf", PdfWithUnknownStreamFilter());

        Assert.Contains("damaged", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_KeepsTitleHeadingsAndTables()
    {
        var document = Parse("warranty.docx", BuildDocx(title: "Warranty terms", body =>
        {
            body.Append(Styled("Heading1", "Coverage"), Styled("Heading2", "Zippers"), Plain("Zippers are covered for life."));
            body.Append(new Table(new TableRow(Cell("Part"), Cell("Years")), new TableRow(Cell("Buckle"), Cell("5"))));
            body.Append(Styled("Heading1", "Claims"), Plain("Email a photo of the damage."));
        }));

        Assert.Equal("Warranty terms", document.Title);
        Assert.Equal(["Coverage > Zippers", "Claims"], document.Sections.Select(s => s.HeadingPath));
        Assert.Contains("Zippers are covered for life.", document.Sections[0].Text, StringComparison.Ordinal);
        Assert.Contains("Buckle | 5", document.Sections[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_ZipBomb_IsRefusedBeforeItIsInflated()
    {
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 256; i++)
            {
                entry.Write(zeros);
            }
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = Failure("bomb.docx", bomb.ToArray());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("zip bomb", error, StringComparison.Ordinal);
        Assert.True(allocated < 50L * 1024 * 1024, $"refusing it allocated {allocated / (1024 * 1024)} MB");
    }

    [Theory]
    [InlineData("broken.pdf", "damaged")]
    [InlineData("broken.docx", "not a valid zip")]
    [InlineData("broken.csv", "no text")]
    public void CorruptFile_IsRefusedWithAClearSentence(string source, string expected)
    {
        var garbage = source.EndsWith(".csv", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes("\n\n,\n") : [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A, 0xFF, 0x00, 0x13, 0x37];

        Assert.Contains(expected, Failure(source, garbage), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("empty.html", "", "empty")]
    [InlineData("sheet.xlsx", "x", "Unsupported file type '.xlsx'")]
    [InlineData("noext", "x", "Unsupported file type '(none)'")]
    public void CommonChecks_ApplyToEveryFormat(string source, string text, string expected) =>
        Assert.Contains(expected, Failure(source, text), StringComparison.Ordinal);

    [Fact]
    public void OverSizeLimit_IsRefusedWithoutParsing()
    {
        var parsers = new DocumentParsers(Options.Create(new KnowledgeOptions { MaxDocumentBytes = 10 }));

        var outcome = parsers.Parse("big.md", Encoding.UTF8.GetBytes("# Far more than ten bytes"), CancellationToken.None);

        Assert.Contains("the limit is 10", outcome.Error, StringComparison.Ordinal);
    }

    private ParsedDocument Parse(string source, string text) => Parse(source, Encoding.UTF8.GetBytes(text));

    private ParsedDocument Parse(string source, byte[] content)
    {
        var outcome = _parsers.Parse(source, content, CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Document;
    }

    private string Failure(string source, string text) => Failure(source, Encoding.UTF8.GetBytes(text));

    private string Failure(string source, byte[] content)
    {
        var outcome = _parsers.Parse(source, content, CancellationToken.None);
        Assert.False(outcome.Succeeded);
        return outcome.Error;
    }

    internal static byte[] BuildPdf(params (double Size, string Text)[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 780.0;
            foreach (var (size, text) in lines)
            {
                page.AddText(text, size, new PdfPoint(50, y), font);
                y -= size * 2.2;
            }
        }

        return builder.Build();
    }

    private static byte[] EncryptedPdf() =>
        // A one-page PDF whose trailer points at a Standard security handler; its /U does not match the empty password.
        HandWrittenPdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                "<< /Filter /Standard /V 1 /R 2 /O <" + new string('a', 64) + "> /U <" + new string('b', 64) + "> /P -4 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            ],
            "/Encrypt 3 0 R /ID [<" + new string('c', 32) + "> <" + new string('c', 32) + ">]");

    private static byte[] PdfWithUnknownStreamFilter() =>
        // Valid structure, but the page's content stream names a filter no reader knows; PdfPig throws NotSupportedException.
        HandWrittenPdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
                "<< /Length 10 /Filter /NoSuchDecode >>\nstream\n0123456789\nendstream",
            ],
            string.Empty);

    private static byte[] HandWrittenPdf(string[] objects, string trailerExtra)
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R {trailerExtra} >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    internal static byte[] BuildDocx(string title, Action<Body> write)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body());
            write(main.Document.Body!);
        }

        return stream.ToArray();
    }

    private static Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static Paragraph Plain(string text) => new(new Run(new Text(text)));

    private static TableCell Cell(string text) => new(new Paragraph(new Run(new Text(text))));
}
