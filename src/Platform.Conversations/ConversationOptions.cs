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

    /// <summary>How long the model may take for a whole reply before the extractive answer is used instead.</summary>
    [Range(1, 600)]
    public int GenerationTimeoutSeconds { get; set; } = 15;

    /// <summary>The most tokens a generated reply may have.</summary>
    [Range(1, 4096)]
    public int MaxReplyTokens { get; set; } = 160;

    /// <summary>A generated reply is kept only if at least this share of its content words occurs in the passages.</summary>
    [Range(0.0, 1.0)]
    public double MinGroundedShare { get; set; } = 0.8;

    /// <summary>
    /// A generated reply is kept only if it holds at least this share of the question's terms that the best passage
    /// holds (<see cref="Replies.QuestionFocus"/>); below it, the reply is about something else and the extractive
    /// answer replaces it. 0.5 was chosen on the sample knowledge base's generated replies (docs/evaluation.md).
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinQuestionFocus { get; set; } = 0.5;

    /// <summary>
    /// When, among the first <see cref="PassagesInPrompt"/> passages, one other than the first is closer to the question
    /// by more than this cosine (the dense ranking favours it, the lexical one pulled the first ahead), the bot asks
    /// which of the two the visitor means instead of answering from the first (<see cref="Replies.ClarifyingChoices"/>).
    /// 0.02 was chosen on covidfaq-dev and the sample knowledge base together (docs/evaluation.md); 0 turns it off.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ClarifyMargin { get; set; } = 0.02;

    /// <summary>
    /// When that rival leads the first by more than this cosine, the bot answers from the rival without asking: on the
    /// dev sets no first passage was right at such a lead, and the rival was in 6 of 8 (docs/evaluation.md). Keep it
    /// above <see cref="ClarifyMargin"/>; 0 turns it off (the bot then asks at any lead).
    /// </summary>
    [Range(0.0, 1.0)]
    public double FollowEncoderMargin { get; set; } = 0.04;

    /// <summary>The circuit opens when at least this share of generations fails within the sampling window.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>While the circuit is open, replies skip the model and answer extractively for this long.</summary>
    [Range(1, 3600)]
    public int CircuitBreakSeconds { get; set; } = 30;
}
