using Platform.Domain.Conversations;

namespace Platform.Conversations.Replies;

/// <summary>A piece of a reply as the generator produces it.</summary>
public abstract record ReplyPiece;

/// <summary>Text to show the visitor now.</summary>
public sealed record ReplyText(string Text) : ReplyPiece;

/// <summary>
/// The reply as it should be stored: which path produced it (<see cref="ReplySource"/>), why a fallback was taken,
/// and what the model said about itself. Its text is authoritative: it replaces what was streamed when a generated
/// reply was withdrawn after it had started.
/// </summary>
public sealed record ReplyOutcome(
    string Text,
    ReplySource Source,
    string Model,
    bool ModelAskedForPerson,
    double? GroundedShare,
    string? FallbackReason,
    int? PromptTokens,
    int? CompletionTokens) : ReplyPiece
{
    /// <summary>When the fallback reason is <c>unsupported-claim</c>: which claims of the withdrawn reply were not backed, and why.</summary>
    public ClaimCheckResult? UnsupportedClaims { get; init; }
}
