using System.Text.RegularExpressions;

namespace Platform.Conversations.Handoffs;

/// <summary>
/// Whether a visitor asks for a person, in the ways people do: "talk to a human", "can I speak with someone",
/// "agent please", "get me a real person", "customer service". Also a plain "yes" right after the bot offered a
/// person. Patterns, not a model: they are auditable, and tests/data/handoff/person-requests.jsonl holds the
/// phrasings they must (and must not) match.
/// </summary>
public static partial class PersonRequestDetector
{
    public static bool AsksForPerson(string text, bool botOfferedPerson)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = Normalize(text);
        if (Negated().IsMatch(normalized))
        {
            return false;
        }

        return PersonRequest().IsMatch(normalized) || (botOfferedPerson && Acceptance().IsMatch(normalized));
    }

    private static string Normalize(string text) =>
        Whitespace().Replace(text.ToLowerInvariant().Replace('\u2019', '\''), " ").Trim();

    // A person, named as visitors name one.
    private const string Person = @"(a |an |the |some |to )?(real |live |actual |human |another )?(human|person|people|agent|representative|rep|operator|someone|somebody|staff|employee|customer (service|support|care)|support (team|staff|agent)|manager|supervisor)";

    [GeneratedRegex(@"\b(talk|speak|chat|connect|transfer|put|get|give|want|need|let|can i|could i|may i|escalate|forward)\b[^.?!]{0,30}\b" + Person + @"\b|\b(human|agent|person|operator|representative)( please| pls| now|!|$)|^(human|agent|operator|representative|real person|live agent|live chat|customer service)\b|\bis (this|there) a (real )?(human|person)\b|\bare you (a )?(bot|robot|human|real)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PersonRequest();

    [GeneratedRegex(@"\b(no|don't|do not|dont|never|without)\b[^.?!]{0,12}\b(need|want|talk|speak)?[^.?!]{0,12}\b(human|person|agent|someone)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Negated();

    [GeneratedRegex(@"^(yes|yeah|yep|yup|sure|ok|okay|please|yes please|please do|go ahead|do it|connect me|ok please|sure thing)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Acceptance();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
