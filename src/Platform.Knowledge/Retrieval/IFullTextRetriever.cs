namespace Platform.Knowledge.Retrieval;

/// <summary>
/// BM25-style ranking on the store's own full-text index (FTS5 on SQLite, <c>tsvector</c> on PostgreSQL): current the
/// moment an ingestion commits, so it answers while the in-memory keyword index of a new version builds, and alone
/// when <see cref="KnowledgeOptions.KeywordEngine"/> is <c>database</c>.
/// </summary>
public interface IFullTextRetriever : IKeywordRetriever;
