namespace Platform.Privacy.Tests;

internal static class RedactionAssert
{
    public static PiiRedactor Redactor { get; } = new();

    /// <summary>The one span of <paramref name="type"/> found in the text is exactly <paramref name="expected"/>.</summary>
    public static void Finds(PiiType type, string text, string expected)
    {
        var spans = Redactor.Redact(text).Spans.Where(s => s.Type == type).ToList();
        Assert.True(spans.Count == 1, $"expected one {type} in \"{text}\", found [{string.Join(", ", Redactor.Redact(text).Spans)}]");
        Assert.Equal(expected, spans[0].Original);
    }

    /// <summary>Nothing at all is redacted.</summary>
    public static void FindsNothing(string text)
    {
        var result = Redactor.Redact(text);
        Assert.True(result.Spans.Count == 0, $"expected nothing in \"{text}\", found [{string.Join(", ", result.Spans)}]");
        Assert.Equal(text, result.Text);
    }

    /// <summary>No span of <paramref name="type"/> is found.</summary>
    public static void FindsNo(PiiType type, string text)
    {
        var spans = Redactor.Redact(text).Spans.Where(s => s.Type == type).ToList();
        Assert.True(spans.Count == 0, $"expected no {type} in \"{text}\", found [{string.Join(", ", spans)}]");
    }
}
