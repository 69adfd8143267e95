using System.Reflection;
using System.Text.RegularExpressions;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Personal names, where the text gives them away: after a cue ("my name is", "I'm", "this is", "Name:", "ask for",
/// a greeting like "Hi" or a sign-off like "Thanks,"), or a known first name followed by a capitalised surname.
/// A gazetteer of first names decides the weak cues ("I'm Sorry" is not a name); strong cues ("my name is") take
/// any word, capitalised or not.
/// </summary>
internal sealed class PersonNameRecognizer : IPiiRecognizer
{
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "not", "just", "so", "very", "really", "still", "also", "here", "there", "sorry", "looking", "trying", "having", "going",
        "wondering", "interested", "calling", "writing", "asking", "waiting", "sure", "afraid", "happy", "glad", "new", "back", "done", "fine", "ok",
        "okay", "good", "great", "unable", "able", "about", "from", "with", "in", "at", "on", "to", "for", "and", "or", "but", "please", "thanks",
        "thank", "you", "your", "my", "me", "i", "we", "team", "support", "customer", "there", "everyone", "all", "again", "hello", "hi", "hey",
        "order", "regarding", "re", "is", "was", "it", "this", "that", "what", "how", "when", "where", "why", "who", "can", "could", "would",
        "will", "should", "do", "does", "did", "have", "has", "had", "be", "been", "get", "got", "need", "want", "like", "one", "two", "still",
        "summit", "ridgeline", "trailblazer", "tent", "boots", "jacket", "pack", "gear", "guest", "member", "frustrated", "upset", "annoyed",
        "confused", "disappointed", "pleased", "excited", "morning", "afternoon", "evening", "today", "tomorrow", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "mr", "mrs", "ms", "dr", "miss",
    };

    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase) { "mr", "mrs", "ms", "miss", "dr", "prof" };

    private readonly HashSet<string> _firstNames;
    private readonly Regex _strongCue;
    private readonly Regex _weakCue;
    private readonly Regex _capitalisedPair;

    public PersonNameRecognizer(TimeSpan timeout)
    {
        _firstNames = LoadFirstNames();
        _strongCue = Patterns.Create(@"\b(my name is|my name's|my names|name is|name:|signed,|account holder:?|ask for|speak to|speak with|talk to|talked to|spoke to|spoke with|spoken to)\s+", timeout, ignoreCase: true);
        _weakCue = Patterns.Create(@"\b(i am|i'm|im|this is|it's|hi|hello|hey|dear|thanks|thank you|regards|best regards|kind regards|cheers|sincerely|best|from|yours|by|for|with|and|called)\s*[,:\-]?\s+", timeout, ignoreCase: true);
        _capitalisedPair = Patterns.Create(@"\b[A-Z][a-z'\-]+\s+[A-Z][a-z'\-]+", timeout);
    }

    public PiiType Type => PiiType.PersonName;

    public IEnumerable<PiiSpan> Find(string text)
    {
        foreach (Match cue in _strongCue.Matches(text))
        {
            if (NameAt(text, cue.Index + cue.Length, requireKnownFirst: false, allowLowercase: true) is { } span)
            {
                yield return span;
            }
        }

        foreach (Match cue in _weakCue.Matches(text))
        {
            if (NameAt(text, cue.Index + cue.Length, requireKnownFirst: true, allowLowercase: false) is { } span)
            {
                yield return span;
            }
        }

        foreach (Match pair in _capitalisedPair.Matches(text))
        {
            var first = pair.Value[..pair.Value.IndexOf(' ', StringComparison.Ordinal)];
            if (_firstNames.Contains(first) && NameAt(text, pair.Index, requireKnownFirst: true, allowLowercase: false) is { } span)
            {
                yield return span;
            }
        }
    }

    /// <summary>A first name at <paramref name="start"/> (after an optional title), and a surname when one follows.</summary>
    private PiiSpan? NameAt(string text, int start, bool requireKnownFirst, bool allowLowercase)
    {
        var position = start;
        var (word, end) = WordAt(text, position);
        if (word is not null && Titles.Contains(word.TrimEnd('.')))
        {
            (word, end) = WordAt(text, SkipSpaces(text, end + (end < text.Length && text[end] == '.' ? 1 : 0)));
            position = end - (word?.Length ?? 0);
        }

        if (word is null || NotNames.Contains(word) || (!allowLowercase && !char.IsUpper(word[0])))
        {
            return null;
        }

        var known = _firstNames.Contains(Capitalise(word));
        var (surname, surnameEnd) = WordAt(text, SkipSingleSpace(text, end));
        var hasSurname = surname is not null && !NotNames.Contains(surname)
            && (char.IsUpper(surname[0]) || (allowLowercase && !char.IsUpper(word[0])));
        if (requireKnownFirst && !known && !(hasSurname && char.IsUpper(word[0]) && char.IsUpper(surname![0]) && IsSignOff(text, start)))
        {
            return null;
        }

        return new PiiSpan(PiiType.PersonName, position, (hasSurname ? surnameEnd : end) - position);
    }

    /// <summary>True when the cue before <paramref name="start"/> closes a message ("Thanks, Jo Bloggs"): any two capitalised words there are a name.</summary>
    private static bool IsSignOff(string text, int start)
    {
        var before = Patterns.Before(text, start, 20).TrimEnd();
        return before.EndsWith(',') || before.EndsWith("regards", StringComparison.Ordinal) || before.EndsWith("sincerely", StringComparison.Ordinal);
    }

    private static (string? Word, int End) WordAt(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsLetter(text[end]) || ((text[end] is '\'' or '-') && end > start && end + 1 < text.Length && char.IsLetter(text[end + 1]))))
        {
            end++;
        }

        return end > start && (start == 0 || !char.IsLetterOrDigit(text[start - 1])) ? (text[start..end], end) : (null, start);
    }

    private static int SkipSpaces(string text, int index)
    {
        while (index < text.Length && text[index] == ' ')
        {
            index++;
        }

        return index;
    }

    private static int SkipSingleSpace(string text, int index) => index < text.Length && text[index] == ' ' ? index + 1 : index;

    private static string Capitalise(string word) => char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant();

    private static HashSet<string> LoadFirstNames()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Platform.Privacy.first-names.txt")
            ?? throw new InvalidOperationException("The first-names gazetteer is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                names.Add(line.Trim());
            }
        }

        return names;
    }
}
