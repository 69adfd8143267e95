namespace Platform.Inference.Generation;

/// <summary>More requests are waiting for the model than the configured queue holds; the caller should fall back.</summary>
public sealed class GenerationQueueFullException : Exception
{
    public GenerationQueueFullException(string message)
        : base(message)
    {
    }

    public GenerationQueueFullException()
    {
    }

    public GenerationQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
