using System.Text.RegularExpressions;
using Platform.Privacy.Names;

namespace Platform.Privacy.Recognizers;

/// <summary>
/// Personal names, where something in the text says a name is there:
/// <list type="bullet">
/// <item>a strong cue ("my name is", "Name:") takes the next one to three words that are not function words, in any case;</item>
/// <item>a sign-off ("Regards,", "Thanks,", "Cheers,") takes the capitalised words after it when they end the line or start with a known first name;</item>
/// <item>a weak cue ("I'm", "this is", "it's", "ask for", "spoke to", "Hi") takes a known first name (any case), or
///   capitalised words when two of them follow or the next word is "from"/"here";</item>
/// <item>without a cue, a known first name (<see cref="FirstNameGazetteer"/>) followed by a capitalised word that is not
///   a product, place or calendar word (<see cref="NameWords.NotSurname"/>) and not followed by a number ("Summit 2").</item>
/// </list>
/// Sentence-initial capitalised words and product names carry no cue and are not known first names, so they stay.
/// </summary>
internal sealed partial class PersonNameRecognizer(FirstNameGazetteer gazetteer) : IPiiRecognizer
{
    private const int MaxNameWords = 4;

    public PiiType Type => PiiType.PersonName;

    public IEnumerable<PiiSpan> Find(string text)
    {
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            return [];
        }

        var found = new List<PiiSpan>();
        AddCued(text, tokens, StrongCue(), CueKind.Strong, found);
        AddCued(text, tokens, SignOffCue(), CueKind.SignOff, found);
        AddCued(text, tokens, WeakCue(), CueKind.Weak, found);
        AddGazetteerPairs(text, tokens, found);
        return found;
    }

    private enum CueKind
    {
        Strong,
        SignOff,
        Weak,
    }

    private readonly record struct Token(int Start, int End, string Value)
    {
        public bool IsCapitalised => char.IsUpper(Value[0]);

        public bool IsLower => char.IsLower(Value[0]);
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        foreach (Match m in WordPattern().Matches(text))
        {
            tokens.Add(new Token(m.Index, m.Index + m.Length, m.Value));
        }

        return tokens;
    }

    private void AddCued(string text, List<Token> tokens, Regex cue, CueKind kind, List<PiiSpan> found)
    {
        foreach (Match m in cue.Matches(text))
        {
            var first = FirstTokenAt(tokens, m.Index + m.Length);
            if (first < 0 || tokens[first].Start != m.Index + m.Length)
            {
                continue;
            }

            var last = kind switch
            {
                CueKind.Strong => TakeStrong(text, tokens, first),
                CueKind.SignOff => TakeSignOff(text, tokens, first),
                _ => TakeWeak(text, tokens, first),
            };
            if (last >= first)
            {
                found.Add(Span(text, tokens[first].Start, tokens[last].End));
            }
        }
    }

    private static int TakeStrong(string text, List<Token> tokens, int first)
    {
        var last = first - 1;
        for (var i = first; i < tokens.Count && i - first < MaxNameWords - 1; i++)
        {
            if (i > first && !Adjacent(text, tokens[i - 1], tokens[i]))
            {
                break;
            }

            var word = tokens[i].Value;
            if (NameWords.Stop.Contains(word) || (i > first && NameWords.NotSurname.Contains(word) && !NameWords.SurnameParticles.Contains(word)))
            {
                break;
            }

            last = i;
        }

        return last;
    }

    private int TakeSignOff(string text, List<Token> tokens, int first)
    {
        if (!IsNameLike(tokens[first]))
        {
            return -1;
        }

        var last = TakeCapitalised(text, tokens, first);
        if (gazetteer.Contains(tokens[first].Value))
        {
            return last;
        }

        // A sign-off name ends its line: at most two more words (a stray "thx") may follow on it.
        var wordsAfter = 0;
        for (var i = last + 1; i < tokens.Count && wordsAfter <= 2 && text.AsSpan(tokens[i - 1].End, tokens[i].Start - tokens[i - 1].End).IndexOf('\n') < 0; i++)
        {
            wordsAfter++;
        }

        return wordsAfter <= 2 ? last : -1;
    }

    private int TakeWeak(string text, List<Token> tokens, int first)
    {
        var token = tokens[first];
        if (token.IsLower)
        {
            return gazetteer.Contains(token.Value) ? TakeLowercase(text, tokens, first) : -1;
        }

        if (!IsNameLike(token))
        {
            return -1;
        }

        var last = TakeCapitalised(text, tokens, first);
        if (gazetteer.Contains(token.Value) || last > first)
        {
            return last;
        }

        var next = first + 1 < tokens.Count && Adjacent(text, token, tokens[first + 1]) ? tokens[first + 1].Value : null;
        return next is "from" or "here" or "calling" or "again" ? first : -1;
    }

    private static int TakeLowercase(string text, List<Token> tokens, int first)
    {
        var last = first;
        for (var i = first + 1; i < tokens.Count && i - first < MaxNameWords; i++)
        {
            var word = tokens[i].Value;
            if (!Adjacent(text, tokens[i - 1], tokens[i]) || !tokens[i].IsLower || NameWords.Stop.Contains(word))
            {
                break;
            }

            last = i;
        }

        return last;
    }

    /// <summary>The last of the capitalised surname words (and particles such as "van der") after tokens[first].</summary>
    private static int TakeCapitalised(string text, List<Token> tokens, int first)
    {
        var last = first;
        for (var i = first + 1; i < tokens.Count && i - first < MaxNameWords; i++)
        {
            if (!Adjacent(text, tokens[i - 1], tokens[i]))
            {
                break;
            }

            var token = tokens[i];
            if (NameWords.SurnameParticles.Contains(token.Value) && token.IsLower)
            {
                continue;
            }

            if (!IsNameLike(token) || NameWords.NotSurname.Contains(token.Value) || FollowedByNumber(text, token))
            {
                break;
            }

            last = i;
        }

        return last;
    }

    private void AddGazetteerPairs(string text, List<Token> tokens, List<PiiSpan> found)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.IsCapitalised || !gazetteer.Contains(token.Value) || NameWords.NotSurname.Contains(token.Value))
            {
                continue;
            }

            var last = TakeCapitalised(text, tokens, i);
            if (last > i)
            {
                found.Add(Span(text, token.Start, tokens[last].End));
                i = last;
            }
        }
    }

    private static bool IsNameLike(Token token) =>
        token.IsCapitalised && !NameWords.Stop.Contains(token.Value) && !NameWords.NotSurname.Contains(token.Value);

    private static bool Adjacent(string text, Token left, Token right) =>
        right.Start - left.End is >= 1 and <= 2 && text.AsSpan(left.End, right.Start - left.End).Trim(' ').IsEmpty;

    private static bool FollowedByNumber(string text, Token token)
    {
        var i = token.End;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i > token.End && i < text.Length && char.IsAsciiDigit(text[i]);
    }

    private static int FirstTokenAt(List<Token> tokens, int position)
    {
        int lo = 0, hi = tokens.Count - 1, result = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (tokens[mid].Start >= position)
            {
                result = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return result;
    }

    private static PiiSpan Span(string text, int start, int end) => new(PiiType.PersonName, start, end - start, text[start..end]);

    [GeneratedRegex(@"\p{L}(?:[\p{L}\-]|['’]\p{L})*", RecognizerRegex.Options, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(?:my name is|my name's|my names|my name ?= ?|name is|i am called|full name ?:|name ?:|account holder ?:?|cardholder ?:?|card holder ?:?)[ \t]*", RecognizerRegex.Options | RegexOptions.IgnoreCase, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex StrongCue();

    [GeneratedRegex(@"\b(?:regards|kind regards|best regards|warm regards|warmest regards|best wishes|best|thanks|thank you|many thanks|thanks again|cheers|sincerely|yours sincerely|yours truly|all the best)[ \t]*[,!.\-–—]?[ \t]*(?:\r?\n[ \t]*)?", RecognizerRegex.Options | RegexOptions.IgnoreCase, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex SignOffCue();

    [GeneratedRegex(@"\b(?:i'm|i’m|im|i am|this is|it's|it’s|its|it is|ask for|asked for|speak to|speak with|spoke to|spoke with|talk to|talked to|talking to|signed for by|holder|husband|wife|partner|son|daughter|mother|father|mom|mum|dad|colleague|agent|manager|dear|hi|hello|hey|attn:?|attention:?|c/o)[ \t]+", RecognizerRegex.Options | RegexOptions.IgnoreCase, RecognizerRegex.TimeoutMilliseconds)]
    private static partial Regex WeakCue();
}
