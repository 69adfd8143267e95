using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Platform.Domain.Handoffs;

namespace Platform.Conversations.Handoffs;

/// <summary>What the policy knows about a visitor message when it decides.</summary>
/// <param name="Text">The visitor's message.</param>
/// <param name="BotOfferedPerson">Whether the bot's last reply offered a person (so "yes" accepts it).</param>
/// <param name="FailuresInARow">Bot replies in a row, up to this message, that could not answer.</param>
/// <param name="Answerable">Whether retrieval found an answer above the confidence threshold; null before retrieval.</param>
/// <param name="Confidence">Retrieval confidence, when retrieval ran.</param>
public sealed record HandoffSignals(string Text, bool BotOfferedPerson, int FailuresInARow, bool? Answerable = null, double? Confidence = null);

/// <summary>A decision to hand off, with its reason and the measured value behind it.</summary>
public sealed record HandoffDecision(HandoffReason Reason, string Detail);

/// <summary>
/// Decides from measured signals whether a person takes over. Checked before retrieval: the visitor asks for a person,
/// an always-human topic, frustration. After retrieval: a failure to answer that makes <see cref="HandoffOptions.MaxFailuresInARow"/>.
/// A single low-confidence reply is not a hand-off: the bot says it does not know and offers a person, and the visitor
/// decides; the offer accepted is a request.
/// </summary>
public sealed class HandoffPolicy(IOptions<HandoffOptions> options)
{
    private readonly Lazy<Regex?> _topics = new(() => TopicPattern(options.Value.AlwaysHumanTopics));

    public HandoffDecision? BeforeRetrieval(HandoffSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (PersonRequestDetector.AsksForPerson(signals.Text, signals.BotOfferedPerson))
        {
            return new HandoffDecision(HandoffReason.VisitorAsked, signals.BotOfferedPerson ? "accepted the offer of a person" : "asked for a person");
        }

        if (_topics.Value?.Match(signals.Text) is { Success: true } topic)
        {
            return new HandoffDecision(HandoffReason.AlwaysHumanTopic, $"topic \"{topic.Value.ToLowerInvariant()}\"");
        }

        var frustration = FrustrationScorer.Score(signals.Text);
        return frustration >= options.Value.FrustrationThreshold
            ? new HandoffDecision(HandoffReason.NegativeSentiment, $"frustration {frustration:0.00} (threshold {options.Value.FrustrationThreshold:0.00})")
            : null;
    }

    public HandoffDecision? AfterRetrieval(HandoffSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Answerable is not false)
        {
            return null;
        }

        var failures = signals.FailuresInARow + 1;
        return failures >= options.Value.MaxFailuresInARow
            ? new HandoffDecision(HandoffReason.RepeatedFailure, $"{failures} questions in a row without an answer (last confidence {signals.Confidence ?? 0:0.00})")
            : null;
    }

    private static Regex? TopicPattern(List<string> topics) =>
        topics.Count == 0
            ? null
            : new Regex(@"\b(" + string.Join('|', topics.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Regex.Escape(t.Trim()).Replace(@"\ ", @"\s+", StringComparison.Ordinal))) + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
