namespace Platform.Privacy;

/// <summary>One piece of personal data found in a text: where it was (UTF-16 offsets into the original) and what it said.</summary>
public sealed record PiiSpan(PiiType Type, int Start, int Length, string Original)
{
    public int End => Start + Length;

    public bool Overlaps(PiiSpan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Start < other.End && other.Start < End;
    }
}
