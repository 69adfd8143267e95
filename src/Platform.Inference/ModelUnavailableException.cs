namespace Platform.Inference;

/// <summary>The local model is not loaded (not configured, or its folder failed to load); callers fall back.</summary>
public sealed class ModelUnavailableException : Exception
{
    public ModelUnavailableException(string message)
        : base(message)
    {
    }

    public ModelUnavailableException()
    {
    }

    public ModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
