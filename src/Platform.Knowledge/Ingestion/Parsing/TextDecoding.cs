using System.Text;

namespace Platform.Knowledge.Ingestion.Parsing;

/// <summary>
/// Text handling the parsers share: strict UTF-8 for the text formats (a file in another encoding is refused rather
/// than indexed as mojibake), and whitespace collapsed the way every format's extracted text needs it.
/// </summary>
internal static class TextDecoding
{
    public static string CollapseWhitespace(string? text) =>
        string.IsNullOrWhiteSpace(text) ? string.Empty : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Utf8(ReadOnlyMemory<byte> content)
    {
        try
        {
            return StrictUtf8.GetString(content.Span).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException ex)
        {
            throw new DocumentParseException("The file is not valid UTF-8 text; save it as UTF-8 and upload it again.", ex);
        }
    }
}
