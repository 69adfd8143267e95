using System.ComponentModel.DataAnnotations;

namespace Platform.Conversations;

/// <summary>How the bot converses (section <c>Platform:Conversations</c>).</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Platform:Conversations";

    [Required]
    public string CompanyName { get; set; } = "Ridgeline Outfitters";

    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Below this retrieval confidence the bot says it does not know and offers a person.</summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.4;

    /// <summary>How many passages the reply generator sees.</summary>
    [Range(1, 20)]
    public int PassagesInPrompt { get; set; } = 3;

    [Range(1, 600)]
    public int ReplyTimeoutSeconds { get; set; } = 30;
}
