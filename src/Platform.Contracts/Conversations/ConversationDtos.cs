namespace Platform.Contracts.Conversations;

/// <summary>Body of <c>POST /api/v1/conversations</c>; every field is optional.</summary>
public sealed record CreateConversationRequest
{
    /// <summary>The knowledge base to answer from, by slug; the default one when absent.</summary>
    public string? KnowledgeBase { get; init; }
}

public sealed record CreateConversationResponse(Guid Id, string VisitorToken);

/// <summary>Body of <c>POST /api/v1/conversations/{id}/messages</c>.</summary>
public sealed record PostMessageRequest
{
    public string? Text { get; init; }

    /// <summary>Chosen by the client so a retried send is stored once; the server makes one when absent.</summary>
    public string? ClientMessageId { get; init; }
}

public sealed record PostMessageResponse(MessageDto Message, ReplyDto Reply, bool Duplicate);

public sealed record MessageDto
{
    public required Guid Id { get; init; }

    public required long Seq { get; init; }

    /// <summary>visitor, bot, agent or system.</summary>
    public required string Role { get; init; }

    public required string Text { get; init; }

    public required DateTime CreatedAt { get; init; }

    public string? ClientMessageId { get; init; }

    public Guid? InReplyToId { get; init; }

    public IReadOnlyList<CitationDto> Citations { get; init; } = [];

    /// <summary>For bot replies: extractive, generated, no_answer or handoff.</summary>
    public string? Source { get; init; }

    public string? Model { get; init; }

    public double? Confidence { get; init; }

    public int? LatencyMs { get; init; }
}

public sealed record ReplyDto
{
    public required Guid MessageId { get; init; }

    public required string Text { get; init; }

    public required IReadOnlyList<CitationDto> Citations { get; init; }

    /// <summary>True when the conversation was handed to a person.</summary>
    public required bool Handoff { get; init; }

    /// <summary>True when the bot found nothing it trusts and offers a person instead.</summary>
    public required bool OfferHuman { get; init; }

    public required double Confidence { get; init; }

    public required string Source { get; init; }
}

public sealed record CitationDto(Guid DocumentId, string Title, string Source, string? HeadingPath, string Snippet, double Score)
{
    /// <summary>The cited passage; <c>GET /api/v1/sources/{chunkId}</c> shows it as text.</summary>
    public long ChunkId { get; init; }
}
