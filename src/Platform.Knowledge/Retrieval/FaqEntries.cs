namespace Platform.Knowledge.Retrieval;

/// <summary>
/// Which passages are FAQ entries, whose whole text is the answer its author wrote: a section whose heading is a
/// question, or any section of a document in which at least half the sections are. FAQ pages phrase some entries as
/// a topic or a request ("Shipping times", "Any advice about grocery shopping."); the rest of the page says what they
/// are.
/// </summary>
public static class FaqEntries
{
    /// <summary>The share of a document's passages with a question heading above which all of them are entries.</summary>
    public const double DocumentQuestionShare = 0.5;

    public static bool IsQuestion(string headingPath)
    {
        ArgumentNullException.ThrowIfNull(headingPath);
        return headingPath.TrimEnd().EndsWith('?');
    }

    public static bool IsEntry(string headingPath, double documentQuestionShare) =>
        IsQuestion(headingPath) || documentQuestionShare >= DocumentQuestionShare;
}
