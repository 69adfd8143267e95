namespace Platform.Privacy.Recognizers;

/// <summary>Finds candidate spans of one type; the redactor resolves overlaps between recognizers.</summary>
internal interface IPiiRecognizer
{
    PiiType Type { get; }

    IEnumerable<PiiSpan> Find(string text);
}
