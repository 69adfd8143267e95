using Platform.Contracts.Conversations;
using Platform.Conversations.Replies;
using Platform.Domain.Conversations;

namespace Platform.Server.Conversations;

internal static class DtoMapping
{
    /// <summary>SQLite hands dates back without a kind; every date the platform stores is UTC, and the API says so.</summary>
    public static DateTime AsUtc(this DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public static MessageDto ToDto(this Message message) => new()
    {
        Id = message.Id,
        Seq = message.Seq,
        Role = message.Role switch
        {
            MessageRole.Visitor => MessageRoles.Visitor,
            MessageRole.Bot => MessageRoles.Bot,
            MessageRole.Agent => MessageRoles.Agent,
            MessageRole.Note => MessageRoles.Note,
            _ => MessageRoles.System,
        },
        Text = message.Text,
        CreatedAt = message.CreatedAt.AsUtc(),
        ClientMessageId = message.ClientMessageId,
        InReplyToId = message.InReplyToId,
        Citations = message.Citations.Select(ToDto).ToList(),
        Source = message.Source switch
        {
            ReplySource.Extractive => "extractive",
            ReplySource.Generated => "generated",
            ReplySource.NoAnswer => "no_answer",
            ReplySource.Handoff => "handoff",
            ReplySource.Greeting => "greeting",
            ReplySource.Clarify => "clarify",
            _ => null,
        },
        Model = message.Model,
        Confidence = message.Confidence,
        LatencyMs = message.LatencyMs,
    };

    public static CitationDto ToDto(this Citation citation) =>
        new(citation.DocumentId, citation.Title, citation.Source, citation.HeadingPath, citation.Snippet, citation.Score) { ChunkId = citation.ChunkId };

    public static ReplyDto ToReplyDto(this ReplyFinished finished)
    {
        var message = finished.Reply.ToDto();
        return new ReplyDto
        {
            MessageId = message.Id,
            Text = message.Text,
            Citations = message.Citations,
            Handoff = finished.Handoff,
            OfferHuman = finished.OfferHuman,
            Confidence = message.Confidence ?? 0,
            Source = message.Source ?? "extractive",
        };
    }

    /// <summary>A reply read back from the store, for a retried send whose reply already exists.</summary>
    public static ReplyDto ToReplyDto(this Message reply) =>
        new ReplyFinished(reply.ConversationId, reply, Handoff: reply.Source == ReplySource.Handoff, OfferHuman: reply.Source == ReplySource.NoAnswer).ToReplyDto();
}
