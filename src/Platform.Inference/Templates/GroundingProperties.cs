namespace Platform.Inference.Templates;

/// <summary>
/// Keys of the properties that tag each retrieved passage inside a prompt (one text part per passage): the
/// conversation service writes them, and the chat clients that answer from passages (the local model's template, the
/// extractive answerer) read them.
/// </summary>
public static class GroundingProperties
{
    public const string PassageIndex = "platform.passage.index";
    public const string PassageTitle = "platform.passage.title";
    public const string PassageHeading = "platform.passage.heading";
    public const string PassageBody = "platform.passage.body";

    /// <summary>True when the passage is an FAQ entry, which an answer quotes whole.</summary>
    public const string FaqEntry = "platform.passage.faq-entry";
}
