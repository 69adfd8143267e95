using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Templates;

/// <summary>
/// The prompt of the platform's own model (<c>support-gpt-v1</c>): the retrieved passages, sentence by sentence, each
/// sentence behind a numbered marker token, then the visitor's question. The model answers with a short framing and
/// marker tokens, which the engine expands into the marked sentences, so what it states comes from the passages by
/// construction; when the passages do not answer, it says so and emits the hand-off token.
/// </summary>
/// <remarks>
/// <para>
/// Passages are read from the system message in the platform's prompt and export format: blocks that open with a
/// line <c>[n] Title &gt; Heading</c>, followed by the passage text.
/// </para>
/// <para>
/// With <c>quoteWholeFaqEntries</c>, citing any sentence of an FAQ entry (a passage whose heading is a question)
/// quotes the whole entry, including sentences the prompt had no room for: the entry is the answer its author wrote,
/// and a visitor should not get the first half of it. The recipe trains on the same rule (an FAQ answer is every
/// sentence of its entry), but a small model often stops after two or three markers; this makes the reply complete
/// whatever the model's length. Other passages (product sheets, policies) are quoted sentence by sentence, as cited.
/// </para>
/// </remarks>
public sealed partial class SupportGptTemplate : IChatTemplate
{
    public const string TemplateName = "support-gpt-v1";

    public const int MaxMarkers = 32;

    /// <summary>Room kept for the question itself; a longer question keeps its first tokens.</summary>
    private const int MaxQuestionTokens = 128;

    private readonly ModelTokenizer _tokenizer;
    private readonly int _bos;
    private readonly int _passage;
    private readonly int _question;
    private readonly int _answer;
    private readonly int _handoff;
    private readonly int[] _markers;
    private readonly HashSet<int> _stop;
    private readonly bool _quoteWholeFaqEntries;

    public SupportGptTemplate(ModelTokenizer tokenizer, IReadOnlyCollection<int> eosTokenIds, bool quoteWholeFaqEntries = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        _bos = tokenizer.RequireSpecial("<|endoftext|>");
        _passage = tokenizer.RequireSpecial("<|passage|>");
        _question = tokenizer.RequireSpecial("<|question|>");
        _answer = tokenizer.RequireSpecial("<|answer|>");
        _handoff = tokenizer.RequireSpecial("<|handoff|>");
        _markers = [.. Enumerable.Range(1, MaxMarkers).Select(i => tokenizer.RequireSpecial(string.Create(CultureInfo.InvariantCulture, $"<|s{i}|>")))];
        _stop = [.. eosTokenIds, _bos];
        _quoteWholeFaqEntries = quoteWholeFaqEntries;
    }

    public string Name => TemplateName;

    public PromptPlan Render(IReadOnlyList<ChatMessage> messages, int maxPromptTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // Whitespace runs are one space, as the recipe renders them; a newline in a question is not a signal.
        var question = Whitespace().Replace(messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty, " ").Trim();
        var tail = new List<int> { _question };
        _tokenizer.EncodePlain(" " + question, tail);
        if (tail.Count > MaxQuestionTokens)
        {
            tail.RemoveRange(MaxQuestionTokens, tail.Count - MaxQuestionTokens);
        }

        tail.Add(_answer);

        var ids = new List<int> { _bos };
        var expansions = new Dictionary<int, string>();
        var wholeEntries = new Dictionary<int, QuotedEntry>();
        var passageIndex = 0;
        var budget = maxPromptTokens - tail.Count;
        var systemMessages = messages.Where(m => m.Role == ChatRole.System).ToList();
        var faqEntries = FaqEntryNumbers(systemMessages);
        foreach (var (number, header, body) in ReadPassages(string.Join("\n", systemMessages.Select(m => m.Text))))
        {
            if (expansions.Count == MaxMarkers)
            {
                break;
            }

            var passageStart = ids.Count;
            ids.Add(_passage);
            _tokenizer.EncodePlain(" " + Whitespace().Replace(header, " ").Trim(), ids);
            var sentencesAdded = 0;
            var sentences = SentenceSplitter.Split(body).ToList();
            foreach (var sentence in sentences)
            {
                if (expansions.Count == MaxMarkers)
                {
                    break;
                }

                var before = ids.Count;
                var marker = _markers[expansions.Count];
                ids.Add(marker);
                _tokenizer.EncodePlain(" " + sentence, ids);
                if (ids.Count > budget)
                {
                    ids.RemoveRange(before, ids.Count - before);
                    break;
                }

                expansions[marker] = " " + sentence;
                sentencesAdded++;
            }

            if (sentencesAdded == 0)
            {
                ids.RemoveRange(passageStart, ids.Count - passageStart);
                break;
            }

            if (_quoteWholeFaqEntries && (header.TrimEnd().EndsWith('?') || faqEntries.Contains(number)))
            {
                var entry = new QuotedEntry(passageIndex, [.. sentences.Select(sentence => " " + sentence)]);
                foreach (var marker in _markers.AsSpan(expansions.Count - sentencesAdded, sentencesAdded))
                {
                    wholeEntries[marker] = entry;
                }
            }

            passageIndex++;
        }

        ids.AddRange(tail);
        if (ids.Count > maxPromptTokens)
        {
            throw new ArgumentException($"The question alone needs {ids.Count} tokens; at most {maxPromptTokens} fit.", nameof(messages));
        }

        return new PromptPlan(ids, _stop, expansions, _handoff, wholeEntries);
    }

    internal static IEnumerable<(int Number, string Header, string Body)> ReadPassages(string system)
    {
        var headers = PassageHeader().Matches(system);
        for (var i = 0; i < headers.Count; i++)
        {
            var bodyStart = headers[i].Index + headers[i].Length;
            var bodyEnd = i + 1 < headers.Count ? headers[i + 1].Index : system.Length;
            var body = system[bodyStart..bodyEnd].Trim();
            if (body.Length > 0)
            {
                var number = int.Parse(headers[i].Groups["number"].Value, CultureInfo.InvariantCulture);
                yield return (number, headers[i].Groups["header"].Value.Trim(), body);
            }
        }
    }

    /// <summary>
    /// The numbers (<c>[n]</c>, one-based) of the passages that the conversation service tagged as FAQ entries:
    /// retrieval knows a topic-style heading on an FAQ page is an entry, which the heading alone does not say.
    /// </summary>
    private static HashSet<int> FaqEntryNumbers(IEnumerable<ChatMessage> systemMessages) =>
        [.. systemMessages
            .SelectMany(m => m.Contents.OfType<TextContent>())
            .Select(c => c.AdditionalProperties)
            .Where(p => p?.TryGetValue(GroundingProperties.FaqEntry, out var faq) == true && faq is true)
            .Select(p => p!.TryGetValue(GroundingProperties.PassageIndex, out var index) && index is int i ? i + 1 : 0)
            .Where(number => number > 0)];

    [GeneratedRegex(@"^\[(?<number>\d+)\] (?<header>[^\n]+)\n", RegexOptions.Multiline)]
    private static partial Regex PassageHeader();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
