namespace Platform.Inference.Templates;

/// <summary>
/// A rendered prompt: its token ids, the tokens that end the reply, and the control tokens whose meaning the
/// template knows (a sentence marker stands for a passage sentence; a hand-off token asks for a person).
/// </summary>
public sealed record PromptPlan(
    IReadOnlyList<int> InputIds,
    IReadOnlySet<int> StopTokenIds,
    IReadOnlyDictionary<int, string> Expansions,
    int? HandoffTokenId);
