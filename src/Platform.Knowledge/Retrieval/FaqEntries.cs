namespace Platform.Knowledge.Retrieval;

/// <summary>
/// Which passages are FAQ entries, whose whole text is the answer its author wrote: a passage whose heading is a
/// question, or any passage of a document in which at least half the passages have one. FAQ pages phrase some entries
/// as a topic or a request ("Shipping times", "Any advice about grocery shopping."); the rest of the page says what
/// they are. Product pages with a few questions among their sections (3 of 9 in the sample knowledge base) stay below
/// the share.
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
