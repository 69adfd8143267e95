namespace Platform.Knowledge.Retrieval;

/// <summary>
/// The lexical half of retrieval (BM25 and the coverage confidence), on whichever engine
/// <see cref="KnowledgeOptions.KeywordEngine"/> names; <see cref="HybridRetriever"/> fuses it with the dense half.
/// </summary>
public interface IKeywordRetriever : IRetriever;
