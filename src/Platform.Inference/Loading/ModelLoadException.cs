namespace Platform.Inference.Loading;

/// <summary>The model folder is missing, incomplete or unreadable; the message says which file and why.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelLoadException()
    {
    }
}
