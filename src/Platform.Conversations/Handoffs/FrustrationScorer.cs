using System.Text.RegularExpressions;

namespace Platform.Conversations.Handoffs;

/// <summary>
/// A lexicon score of how frustrated a message sounds, in [0, 1]: phrases of complaint about the bot or the service
/// ("useless", "this is ridiculous", "not helpful", "waste of time"), insults and swearing, and shouting (a message
/// mostly in capitals, runs of "!!!" or "???"). Each cue adds its weight, capped at 1. A lexicon, not a trained model:
/// it misses sarcasm and catches some jokes, and every cue is listed here for anyone to audit.
/// </summary>
public static partial class FrustrationScorer
{
    private static readonly (Regex Pattern, double Weight)[] Cues =
    [
        (Complaint(), 0.5),
        (Insult(), 0.6),
        (Swearing(), 0.5),
        (RepeatedMarks(), 0.2),
        (Repetition(), 0.3),
    ];

    public static double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        var score = Cues.Where(c => c.Pattern.IsMatch(lower)).Sum(c => c.Weight);
        var letters = text.Where(char.IsLetter).ToList();
        if (letters.Count >= 8 && letters.Count(char.IsUpper) >= letters.Count * 0.7)
        {
            score += 0.3;
        }

        return Math.Min(1.0, score);
    }

    [GeneratedRegex(@"\b(useless|pointless|ridiculous|unacceptable|terrible|horrible|awful|worst|not helpful|unhelpful|no help|waste of (my )?time|fed up|sick of|frustrat\w*|annoy\w*|furious|angry|this is a joke|doesn't help|does not help|you don't understand|you do not understand|not what i asked|stop)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Complaint();

    [GeneratedRegex(@"\b(stupid|dumb|idiot\w*|moron\w*|incompetent|garbage bot|trash|scam)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Insult();

    [GeneratedRegex(@"\b(damn|hell|crap|wtf|f\*+|fuck\w*|shit\w*|bs)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Swearing();

    [GeneratedRegex(@"[!?]{3,}")]
    private static partial Regex RepeatedMarks();

    [GeneratedRegex(@"\b(again|already (told|said|asked)|i said|for the (second|third|last) time)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Repetition();
}
