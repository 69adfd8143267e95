namespace Platform.Knowledge.Retrieval;

public interface IRetriever
{
    Task<RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken);
}
