using System.Globalization;
using System.Text.RegularExpressions;
using Platform.Inference.Templates;

namespace Platform.Conversations.Replies;

/// <summary>The kind of claim a reply makes that its cited passages must back.</summary>
public enum ClaimKind
{
    /// <summary>A yes/no frame ("Yes", "No, we don't", "Unfortunately, ...", "You can't ...").</summary>
    Polarity,

    /// <summary>A number: a price, a count of days, a percentage, a phone number.</summary>
    Number,

    /// <summary>A proper noun: a product, a payment method, a country, a carrier.</summary>
    Name,

    /// <summary>Something the question names that a yes/no reply never mentions.</summary>
    AskedEntity,
}

/// <summary>One claim of a reply that its cited passages do not back, and why.</summary>
public sealed record UnsupportedClaim(ClaimKind Kind, string Claim, string Reason)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} '{Claim}': {Reason}";
}

/// <summary>What <see cref="ClaimCheck"/> found: no unsupported claims means the reply may stand.</summary>
public sealed record ClaimCheckResult(IReadOnlyList<UnsupportedClaim> Unsupported)
{
    public static ClaimCheckResult Supported { get; } = new([]);

    public bool IsSupported => Unsupported.Count == 0;

    public override string ToString() => IsSupported ? "supported" : string.Join("; ", Unsupported);
}

/// <summary>
/// Checks the claims a reply makes beyond its words: a yes/no frame must answer what the visitor asked about from the
/// passage the reply cites, and every number and name it states must be in the passages it cites. Word overlap
/// (<see cref="GroundingCheck"/>) cannot see these: "Yes, with Klarna's buy now, pay later option" quotes the
/// installments entry word for word, yet as an answer to "Can I pay with PayPal?" its "Yes" is about Klarna.
/// Nothing here knows a particular knowledge base: names are what the passages capitalise, key terms are the
/// question's own words.
/// </summary>
public static partial class ClaimCheck
{
    /// <summary>How close (in words) a passage's negation must be to a key term to back a "no".</summary>
    private const int NegationWindow = 12;

    // Question words that say how something is asked, not what about: "do u take paypal" asks about paypal.
    private static readonly HashSet<string> QuestionFiller = new(StringComparer.Ordinal)
    {
        "u", "ur", "pls", "plz", "please", "take", "get", "got", "use", "using", "need", "want", "know", "tell", "possible",
        "able", "way", "any", "anything", "also", "still", "really", "ever", "someone", "something", "how", "why", "where",
        "who", "whom", "whose", "should", "could", "would", "may", "might", "must", "am", "been", "being", "did", "doing",
        "were", "hi", "hello", "hey", "ok", "okay", "much", "many", "yes", "no", "some", "all", "they", "them", "he", "she",
        "than", "then", "too", "very", "again", "allowed", "offer", "guys", "currently", "always", "actually", "option",
        "options", "way", "ways", "them", "its", "one", "else", "does", "is", "im", "id", "ive", "anyone", "lol",
    };

    private static readonly HashSet<string> WhWords = new(StringComparer.Ordinal)
    {
        "how", "what", "when", "where", "which", "who", "whom", "whose", "why",
    };

    private static readonly HashSet<string> Greetings = new(StringComparer.Ordinal)
    {
        "hi", "hello", "hey", "so", "ok", "okay", "um", "uh", "and", "but", "quick", "question", "please", "pls", "thanks",
    };

    private static readonly HashSet<string> NegationWords = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "cannot", "none", "nor", "neither", "without", "except", "unable",
    };

    // "One" is a pronoun as often as a number ("the one you bought"), so it is not read as a numeric claim.
    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
        ["hundred"] = 100, ["thousand"] = 1000,
    };

    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal) { "i", "im", "ill", "ive", "id", "ok" };

    /// <summary>
    /// Checks <paramref name="reply"/> to <paramref name="question"/> against the passages it was generated from.
    /// Which passages it cites is decided as the stored citations are (<see cref="CitedPassages"/>); a passage text may
    /// start with its heading (the question an FAQ entry answers), which then counts as part of what it says.
    /// <paramref name="allowedNames"/> are names a reply may always say, such as the company's own.
    /// </summary>
    public static ClaimCheckResult Check(string question, string reply, IReadOnlyList<string> passages, IEnumerable<string>? allowedNames = null)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var text = CitationMarker().Replace(reply ?? string.Empty, " ").Trim();
        if (text.Length == 0)
        {
            return ClaimCheckResult.Supported;
        }

        question ??= string.Empty;
        var cited = CitedPassages.Indices(text, passages).Select(i => passages[i]).ToList();
        var citedText = string.Join("\n\n", cited);
        var citedWords = Words(citedText);
        var allWords = passages.SelectMany(Words).ToList();
        var properNouns = ProperNouns(passages);
        var allowed = new HashSet<string>(
            (allowedNames ?? []).SelectMany(n => Word().Matches(n).Select(m => m.Value.ToLowerInvariant())), StringComparer.Ordinal);

        var claims = new List<UnsupportedClaim>();
        var sentences = SentenceSplitter.Split(text);
        var normalisedPassages = passages.Select(NormaliseSpace).ToList();

        var polarity = Polarity(sentences, normalisedPassages);
        if (polarity is { } frame)
        {
            CheckPolarity(question, text, frame, citedWords, allWords, properNouns, claims);
        }

        CheckNumbers(text, citedText, claims);
        var unknownAsked = KeyTerms(question).Where(t => !Mentions(allWords, t)).ToHashSet(StringComparer.Ordinal);
        CheckNames(sentences, citedWords, properNouns, unknownAsked, allowed, claims);
        return claims.Count == 0 ? ClaimCheckResult.Supported : new ClaimCheckResult(claims.DistinctBy(c => (c.Kind, c.Claim.ToLowerInvariant())).ToList());
    }

    /// <summary>
    /// The text without its opening yes or no ("Yes, we deliver to Canada" → "We deliver to Canada"), or null when it
    /// opens with neither or nothing would be left.
    /// </summary>
    public static string? WithoutOpeningFrame(string text)
    {
        var trimmed = (text ?? string.Empty).TrimStart();
        var opener = AffirmativeOpener().Match(trimmed);
        if (!opener.Success)
        {
            opener = NegativeOpener().Match(trimmed);
        }

        if (!opener.Success)
        {
            return null;
        }

        var rest = trimmed[opener.Length..].TrimStart(',', '.', '!', ':', ';', ' ', '-', '\u2013', '\u2014');
        return rest.Length == 0 ? null : char.ToUpperInvariant(rest[0]) + rest[1..];
    }

    private static bool OpensWithFrame(string sentence) => AffirmativeOpener().IsMatch(sentence) || NegativeOpener().IsMatch(sentence);

    /// <summary>
    /// Whether an FAQ entry's opening yes or no also answers <paramref name="question"/>: the yes belongs to the entry's
    /// own question (its heading), so it carries over only when the claim check backs it for the visitor's question.
    /// "Do you deliver to Canada?" keeps the "Yes" of "Do you ship internationally?" (the entry names Canada); "Do you
    /// ship to Antarctica?" does not.
    /// </summary>
    public static bool OpeningFrameAnswers(string question, string heading, string body) =>
        Check(question ?? string.Empty, body, [$"{heading}\n\n{body}"]).IsSupported;

    /// <summary>
    /// Yes/no frames a reply copied from an FAQ entry whose own question is not the visitor's: the model quoted
    /// "Yes. The Repair Shop fixes gear from any brand" to "Can I return used gear?". Each passage is its heading
    /// (the entry's question) and body.
    /// </summary>
    public static ClaimCheckResult BorrowedFrames(string question, string reply, IEnumerable<(string Heading, string Body)> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var sentences = SentenceSplitter.Split(CitationMarker().Replace(reply ?? string.Empty, " ")).Select(NormaliseSpace).ToList();
        var claims = new List<UnsupportedClaim>();
        foreach (var (heading, body) in passages)
        {
            var split = SentenceSplitter.Split(body);
            var opening = split.Count > 0 ? split[0] : null;
            if (opening is null || !OpensWithFrame(opening))
            {
                continue;
            }

            var normalised = NormaliseSpace(opening);
            if (sentences.Any(s => s.Length > 0 && normalised.StartsWith(s, StringComparison.Ordinal) && OpensWithFrame(s))
                && !OpeningFrameAnswers(question, heading, body))
            {
                var frame = opening.Split([',', '.', '!', ' '], 2)[0];
                claims.Add(new(ClaimKind.Polarity, frame, $"the '{frame}' answers the entry's own question, '{heading}', not the visitor's"));
            }
        }

        return claims.Count == 0 ? ClaimCheckResult.Supported : new ClaimCheckResult(claims);
    }

    private static void CheckPolarity(
        string question, string reply, (string Frame, bool Negative) polarity, List<string> citedWords, List<string> allWords,
        HashSet<string> properNouns, List<UnsupportedClaim> claims)
    {
        var asked = AskedSentence(question);
        var askedWords = Word().Matches(asked).Select(m => m.Value.ToLowerInvariant()).ToList();
        var first = askedWords.SkipWhile(Greetings.Contains).FirstOrDefault();
        if (first is not null && WhWords.Contains(first))
        {
            claims.Add(new(ClaimKind.Polarity, polarity.Frame, $"the question asks '{first}', which a yes or no does not answer"));
            return;
        }

        var entities = QuestionEntities(question, properNouns);
        var replyWords = Words(reply);
        foreach (var entity in entities.Where(e => !Mentions(replyWords, e)))
        {
            claims.Add(new(ClaimKind.AskedEntity, entity, $"the question asks about '{entity}' but the {polarity.Frame.ToLowerInvariant()} reply never names it"));
        }

        var keyTerms = KeyTerms(question);
        var missing = keyTerms.Where(t => !Mentions(citedWords, t)).ToList();
        if (missing.Count > 0)
        {
            var nowhere = missing.Where(t => !Mentions(allWords, t)).ToList();
            var why = nowhere.Count > 0
                ? $"no passage mentions {Quote(nowhere)}, so the passages cannot say {polarity.Frame.ToLowerInvariant()}"
                : $"the cited passage never mentions {Quote(missing)}, which the question asks about";
            claims.Add(new(ClaimKind.Polarity, polarity.Frame, why));
            return;
        }

        if (polarity.Negative && keyTerms.Count > 0 && !NegatedNear(citedWords, keyTerms))
        {
            claims.Add(new(ClaimKind.Polarity, polarity.Frame, $"the cited passage says nothing negative about {Quote(keyTerms)}"));
        }
    }

    /// <summary>The reply's yes/no frame: an opening "yes"/"no" of any sentence, or a negation in words of its own.</summary>
    private static (string Frame, bool Negative)? Polarity(IReadOnlyList<string> sentences, List<string> passages)
    {
        foreach (var sentence in sentences)
        {
            if (AffirmativeOpener().Match(sentence) is { Success: true } yes)
            {
                return (yes.Value, false);
            }

            if (NegativeOpener().Match(sentence) is { Success: true } no)
            {
                return (no.Value, true);
            }

            // A negation inside a sentence the passages say themselves is their claim; in the model's own words it is a frame.
            var quoted = passages.Any(p => p.Contains(NormaliseSpace(sentence), StringComparison.Ordinal));
            if (!quoted && !Hedge().IsMatch(sentence) && NegativeFrame().Match(sentence) is { Success: true } negation)
            {
                return (negation.Value, true);
            }
        }

        return null;
    }

    private static void CheckNumbers(string reply, string citedText, List<UnsupportedClaim> claims)
    {
        var backed = Numbers(citedText).Select(n => n.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var (shown, _) in Numbers(reply).Where(n => !backed.Contains(n.Value)))
        {
            claims.Add(new(ClaimKind.Number, shown, "the cited passages never state this number"));
        }
    }

    private static void CheckNames(
        IReadOnlyList<string> sentences, List<string> citedWords, HashSet<string> properNouns, HashSet<string> unknownAsked, HashSet<string> allowed,
        List<UnsupportedClaim> claims)
    {
        var backed = citedWords.ToHashSet(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            var initial = true;
            foreach (Match token in NameToken().Matches(sentence))
            {
                var name = token.Value;
                var startsClause = initial || ClauseStart().IsMatch(sentence[..token.Index]);
                initial = false;
                var parts = Word().Matches(name).Select(m => m.Value.ToLowerInvariant()).Where(p => p.Length > 1 && !GroundingCheck.StopWords.Contains(p)).ToList();
                if (parts.Count == 0 || parts.All(p => NotNames.Contains(p) || allowed.Contains(p)) || !IsName(name, startsClause, parts, properNouns, unknownAsked))
                {
                    continue;
                }

                var unbacked = parts.Where(p => !allowed.Contains(p) && !backed.Contains(p) && !backed.Contains(Stem(p))).ToList();
                if (unbacked.Count > 0)
                {
                    claims.Add(new(ClaimKind.Name, name, "the cited passages never name it"));
                }
            }
        }
    }

    // A capital at a sentence start says nothing, unless the word is one the visitor asked about and no passage knows
    // ("Venmo works." to "can i pay with venmo").
    private static bool IsName(string token, bool startsClause, List<string> parts, HashSet<string> properNouns, HashSet<string> unknownAsked)
    {
        var capitals = token.Count(char.IsUpper);
        return capitals >= 2 && token.Any(char.IsLetter)
            || (char.IsUpper(token[0]) && (!startsClause || parts.Any(unknownAsked.Contains)))
            || parts.Any(properNouns.Contains);
    }

    /// <summary>Words a passage capitalises and never writes in lower case (past a sentence start): its names.</summary>
    private static HashSet<string> ProperNouns(IEnumerable<string> passages)
    {
        var capitalised = new HashSet<string>(StringComparer.Ordinal);
        var lower = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in passages.SelectMany(SentenceSplitter.Split))
        {
            var initial = true;
            foreach (Match word in Word().Matches(sentence))
            {
                var value = word.Value;
                if (char.IsLower(value[0]))
                {
                    lower.Add(value);
                }
                else if (char.IsUpper(value[0]) && !initial && !ClauseStart().IsMatch(sentence[..word.Index]))
                {
                    capitalised.Add(value.ToLowerInvariant());
                }

                initial = false;
            }
        }

        capitalised.ExceptWith(lower);
        capitalised.RemoveWhere(w => w.Length < 2 || NotNames.Contains(w) || GroundingCheck.StopWords.Contains(w));
        return capitalised;
    }

    /// <summary>What the question names: its capitalised words past the start, its numbers, and the passages' names it uses.</summary>
    private static List<string> QuestionEntities(string question, HashSet<string> properNouns)
    {
        var entities = new List<string>();
        foreach (var sentence in SentenceSplitter.Split(question))
        {
            var initial = true;
            foreach (Match word in Word().Matches(sentence))
            {
                var lower = word.Value.ToLowerInvariant();
                var isName = (!initial && char.IsUpper(word.Value[0]) && !NotNames.Contains(lower) && word.Value.Length > 1)
                    || properNouns.Contains(lower);
                initial = false;
                if ((isName || word.Value.Any(char.IsDigit)) && !GroundingCheck.StopWords.Contains(lower) && !QuestionFiller.Contains(lower))
                {
                    entities.Add(word.Value);
                }
            }
        }

        return [.. entities.DistinctBy(e => e.ToLowerInvariant())];
    }

    private static List<string> KeyTerms(string question) =>
        [.. Word().Matches(question)
            .Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length > 1 && !GroundingCheck.StopWords.Contains(w) && !QuestionFiller.Contains(w))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The sentence that asks: the last one ending in a question mark, or the last one.</summary>
    private static string AskedSentence(string question)
    {
        var sentences = QuestionPart().Matches(question).Select(m => m.Value).ToList();
        return sentences.LastOrDefault(s => s.TrimEnd().EndsWith('?')) ?? sentences.LastOrDefault() ?? question;
    }

    private static bool NegatedNear(List<string> words, List<string> terms)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!IsNegation(words, i))
            {
                continue;
            }

            var window = words.Skip(Math.Max(0, i - NegationWindow)).Take((2 * NegationWindow) + 1).ToList();
            if (terms.Any(t => Mentions(window, t)))
            {
                return true;
            }
        }

        return false;
    }

    // "don't" reads as "don" + "t": a lone "t" after a word ending in "n" is "n't".
    private static bool IsNegation(List<string> words, int i) =>
        NegationWords.Contains(words[i]) || (words[i] == "t" && i > 0 && words[i - 1].EndsWith('n'));

    internal static bool Mentions(List<string> words, string term)
    {
        var stem = Stem(term.ToLowerInvariant());
        return words.Any(w =>
        {
            var other = Stem(w);
            return other == stem || (Math.Min(other.Length, stem.Length) >= 4 && (other.StartsWith(stem, StringComparison.Ordinal) || stem.StartsWith(other, StringComparison.Ordinal)));
        });
    }

    internal static string Stem(string word)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ies", "ing", "ed", "es", "s"])
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal) && !word.EndsWith("ss", StringComparison.Ordinal))
            {
                return suffix == "ies" ? word[..^3] + "y" : word[..^suffix.Length];
            }
        }

        return word;
    }

    private static List<string> Words(string text) => [.. Word().Matches(text).Select(m => m.Value.ToLowerInvariant())];

    /// <summary>Every number the text states, as shown and as a normalised value ("$1,000.00" and "thirty" → "1000", "30").</summary>
    private static List<(string Shown, string Value)> Numbers(string text)
    {
        var numbers = new List<(string, string)>();
        foreach (Match phone in PhoneNumber().Matches(text))
        {
            numbers.Add((phone.Value, "tel:" + string.Concat(phone.Value.Where(char.IsDigit)).TrimStart('1')));
        }

        var rest = PhoneNumber().Replace(text, " ");
        foreach (Match number in Numeral().Matches(rest))
        {
            var digits = number.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal);
            if (decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            {
                numbers.Add((number.Value, value.ToString("G29", CultureInfo.InvariantCulture)));
            }
        }

        foreach (Match spelled in SpelledNumber().Matches(rest))
        {
            var value = 0;
            foreach (var part in spelled.Value.ToLowerInvariant().Split(['-', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                var n = NumberWords.GetValueOrDefault(part, part == "one" ? 1 : 0);
                value = n is 100 or 1000 ? Math.Max(value, 1) * n : value + n;
            }

            numbers.Add((spelled.Value, value.ToString(CultureInfo.InvariantCulture)));
        }

        return numbers;
    }

    private static string NormaliseSpace(string text) => string.Join(' ', SentenceSplitter.Split(text));

    private static string Quote(IEnumerable<string> terms) => string.Join(", ", terms.Select(t => $"'{t}'"));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*(?:['’-][\p{L}\p{N}]+)*")]
    private static partial Regex NameToken();

    // What precedes a word that may be capitalised for reasons other than being a name.
    [GeneratedRegex(@"(?:^|[:;(""“‘'—–>\n]|\s-)\s*$")]
    private static partial Regex ClauseStart();

    [GeneratedRegex(@"\[\d+(?:\s*,\s*\d+)*\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"^(?:yes|yeah|yep|yup|absolutely|certainly|definitely|of course)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AffirmativeOpener();

    [GeneratedRegex(@"^(?:no(?!\s+(?:problem|worries))|nope|unfortunately|sadly|i'm afraid|i am afraid)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeOpener();

    [GeneratedRegex(@"\b(?:(?:we|you|it|they|this|that|there)\s+(?:do|does|can|will|is|are|have|has)?\s*(?:n[’']t|not)|(?:we|you|it|they)\s+(?:cannot|can[’']t|won[’']t|never)|(?:is|are)\s+not\s+(?:possible|available|offered|accepted|allowed)|not\s+possible)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeFrame();

    // Saying the passages do not answer is the honest reply, not a "no".
    [GeneratedRegex(@"\b(?:(?:don[’']t|do not|doesn[’']t|does not)\s+(?:know|have (?:any |that |this )?(?:information|details))|not sure|(?:can[’']t|couldn[’']t|cannot|could not)\s+find|(?:is|are)\s+not\s+(?:mentioned|covered|listed|described)|doesn[’']t (?:say|mention))", RegexOptions.IgnoreCase)]
    private static partial Regex Hedge();

    [GeneratedRegex(@"(?<![\d-])(?:\+?1[-. ])?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?![\d-])")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"\$?(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)%?")]
    private static partial Regex Numeral();

    [GeneratedRegex(@"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?:\s+(?:hundred|thousand))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpelledNumber();

    [GeneratedRegex(@"[^.!?]+[.!?]*")]
    private static partial Regex QuestionPart();
}
