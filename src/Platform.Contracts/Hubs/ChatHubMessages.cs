using Platform.Contracts.Conversations;

namespace Platform.Contracts.Hubs;

public sealed record StartConversationResult(Guid ConversationId);

public sealed record JoinConversationResult(Guid ConversationId, string State, IReadOnlyList<MessageDto> Messages);

/// <summary>The acknowledgement of a sent message: it is stored, with this sequence number.</summary>
public sealed record SendMessageResult(Guid MessageId, long Seq, bool Duplicate);

public sealed record ReplyStartedEvent(Guid ConversationId, Guid ReplyId, Guid InReplyToId);

/// <summary>A piece of the reply's text; the pieces, in order of <see cref="Index"/>, add up to the final text.</summary>
public sealed record ReplyDeltaEvent(Guid ConversationId, Guid ReplyId, int Index, string Text);

public sealed record ReplyCompletedEvent(Guid ConversationId, MessageDto Message, bool Handoff, bool OfferHuman);

public sealed record ReplyFailedEvent(Guid ConversationId, Guid ReplyId, Guid InReplyToId, string Error);

/// <summary>The answer to "talk to a person": whether the chat joined the queue (false: a person already holds it), and the notice shown.</summary>
public sealed record RequestPersonResult(bool Queued, MessageDto? Notice);
