using System.ComponentModel.DataAnnotations;

namespace Platform.Conversations.Handoffs;

/// <summary>When the bot hands a chat to a person (section <c>Platform:Handoff</c>).</summary>
public sealed class HandoffOptions
{
    public const string SectionName = "Platform:Handoff";

    /// <summary>After this many replies in a row that could not answer, the next one hands off.</summary>
    [Range(1, 100)]
    public int MaxFailuresInARow { get; set; } = 2;

    /// <summary>A message whose frustration score reaches this hands off (see <see cref="FrustrationScorer"/>).</summary>
    [Range(0.0, 1.0)]
    public double FrustrationThreshold { get; set; } = 0.6;

    /// <summary>Phrases that always go to a person, whatever the knowledge base holds (case-insensitive, whole words).</summary>
    public List<string> AlwaysHumanTopics { get; set; } = ["billing dispute", "chargeback", "charged twice", "fraud", "lawyer", "legal action", "data deletion request"];
}
