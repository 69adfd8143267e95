namespace Platform.Inference;

/// <summary>
/// Says which model folder should answer when the host starts: the model registry's active version, which may be a
/// version promoted since <see cref="ModelOptions.Path"/> was configured. Optional: without one, the configured path loads.
/// </summary>
public interface IActiveModelFolder
{
    /// <summary>The folder to load (relative to the content root or absolute), or null for the configured one.</summary>
    Task<string?> ResolveAsync(CancellationToken cancellationToken);
}
