using Platform.Domain.Conversations;

namespace Platform.Conversations.Replies;

/// <summary>One step of a bot reply as it is produced: started, a piece of text, finished.</summary>
public abstract record ReplyUpdate(Guid ConversationId, Guid ReplyId);

public sealed record ReplyStarted(Guid ConversationId, Guid ReplyId, Guid InReplyToId) : ReplyUpdate(ConversationId, ReplyId);

public sealed record ReplyTextDelta(Guid ConversationId, Guid ReplyId, int Index, string Text) : ReplyUpdate(ConversationId, ReplyId);

/// <summary>The reply as stored, with what the visitor should be offered next.</summary>
public sealed record ReplyFinished(Guid ConversationId, Message Reply, bool Handoff, bool OfferHuman) : ReplyUpdate(ConversationId, Reply.Id);
