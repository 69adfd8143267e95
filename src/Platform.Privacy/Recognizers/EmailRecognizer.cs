using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

internal sealed class EmailRecognizer(TimeSpan timeout) : IPiiRecognizer
{
    private readonly Regex _pattern = Patterns.Create(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", timeout);

    public PiiType Type => PiiType.Email;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match match in _pattern.Matches(text))
        {
            yield return new PiiSpan(PiiType.Email, match.Index, match.Length);
        }
    }
}
