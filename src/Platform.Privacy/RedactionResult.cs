namespace Platform.Privacy;

/// <summary>The redacted text and the spans of the original that were replaced, in order of position.</summary>
public sealed record RedactionResult(string Text, IReadOnlyList<PiiSpan> Spans);
