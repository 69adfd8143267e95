namespace Platform.Contracts.Knowledge;

public sealed record KnowledgeBaseDto(Guid Id, string Slug, string Name, int Version, int Documents, int Chunks, DateTime UpdatedAt);

public sealed record CreateKnowledgeBaseRequest(string Slug, string Name);

public sealed record DocumentDto(Guid Id, string Source, string Title, string ContentType, long SizeBytes, string Status, int Version, int Chunks, DateTime UpdatedAt);

public sealed record DocumentRevisionDto(Guid Id, string Source, string ContentType, string Sha256, long SizeBytes, int AddedInVersion, int? RemovedInVersion, DateTime CreatedAt);

/// <summary>One file of an ingestion job: <c>Status</c> is Queued, Parsing, Added, Updated, Unchanged, Deleted or Failed.</summary>
public sealed record IngestionItemDto(string Source, long SizeBytes, string Status, Guid? DocumentId, int Chunks, string? Error, DateTime? CompletedAt);

/// <summary>A batch of files and how far it has got: <c>Done</c> of <c>Total</c> items are finished.</summary>
public sealed record IngestionJobDto(Guid Id, string KnowledgeBase, string Origin, DateTime CreatedAt, DateTime? CompletedAt, int Total, int Done, int Failed, IReadOnlyList<IngestionItemDto> Items);

public sealed record SynonymsDto(string Synonyms);

public sealed record RollbackRequest(int? ToVersion);

public sealed record RollbackResponse(int RestoredVersion, int NewVersion, int DocumentsRestored, int DocumentsRemoved, IReadOnlyList<string> Failures);

/// <summary>
/// How far the dense index of a knowledge base has got: <c>Embedded</c> of <c>Total</c> chunks have a vector of
/// <c>Model</c> (<c>none</c> when no encoder is loaded). Until <c>Complete</c>, questions are ranked by keywords alone.
/// </summary>
public sealed record VectorStatusDto(string Model, int Embedded, int Total, bool Complete, bool Running, string? LastError, string? EncoderError);
