namespace Platform.Knowledge.Seeding;

/// <summary>Whether the default knowledge base is in place; readiness probes read it.</summary>
public sealed class KnowledgeReadiness
{
    private volatile bool _ready;
    private volatile string? _failure;

    public bool IsReady => _ready;

    public string? Failure => _failure;

    internal void MarkReady() => _ready = true;

    internal void MarkFailed(string failure) => _failure = failure;
}
