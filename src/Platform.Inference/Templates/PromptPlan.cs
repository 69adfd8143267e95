namespace Platform.Inference.Templates;

/// <summary>
/// A rendered prompt: its token ids, the tokens that end the reply, and the control tokens whose meaning the
/// template knows (a sentence marker stands for a passage sentence; a hand-off token asks for a person).
/// <c>WholeEntries</c> holds the markers whose citation quotes a whole FAQ entry rather than one sentence (see
/// <see cref="SupportGptTemplate"/>); it is empty or null when the template does not quote whole entries.
/// </summary>
public sealed record PromptPlan(
    IReadOnlyList<int> InputIds,
    IReadOnlySet<int> StopTokenIds,
    IReadOnlyDictionary<int, string> Expansions,
    int? HandoffTokenId,
    IReadOnlyDictionary<int, QuotedEntry>? WholeEntries = null);

/// <summary>
/// An FAQ entry a reply quotes whole: which passage of the prompt it is, and all its sentences (each with its leading
/// space, as markers expand), including any the prompt had no room for.
/// </summary>
public sealed record QuotedEntry(int Passage, IReadOnlyList<string> Sentences);
