namespace Platform.Conversations;

public sealed class KnowledgeBaseNotFoundException(string slug) : Exception($"There is no knowledge base named '{slug}'.")
{
    public string Slug { get; } = slug;
}
