using Microsoft.Extensions.Logging;
using Platform.Data.Models;
using Platform.Domain.Models;
using Platform.Inference;
using Platform.Inference.Loading;

namespace Platform.Conversations.Models;

/// <summary>The outcome of a promotion: done, or why not (the active version is then unchanged).</summary>
public sealed record PromotionResult(bool Promoted, string? Error);

/// <summary>
/// Promotes a version, or rolls back to an earlier one, by swapping the engine's model while replies in flight finish
/// on the old one; the registry records which version is active.
/// </summary>
public sealed partial class ModelRollout(ModelVersionStore versions, LocalModelHost host, ILogger<ModelRollout> logger) : IDisposable
{
    private readonly SemaphoreSlim _swap = new(1, 1);

    public void Dispose() => _swap.Dispose();

    /// <summary>Makes a ready version the one that answers (also how an earlier version is rolled back to).</summary>
    public async Task<PromotionResult> PromoteAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Status != ModelVersionStatus.Ready)
        {
            return new PromotionResult(false, $"Version {version.Name} is {version.Status.ToString().ToLowerInvariant()}; only a ready version can answer.");
        }

        await _swap.WaitAsync(cancellationToken);
        try
        {
            await host.ActivateAsync(version.Folder, cancellationToken);
            await versions.ActivateAsync(version.Id, cancellationToken);
            LogPromoted(logger, version.Name);
            return new PromotionResult(true, null);
        }
        catch (ModelLoadException ex)
        {
            return new PromotionResult(false, $"Version {version.Name} did not load, so the active version still answers: {ex.Message}");
        }
        finally
        {
            _swap.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model version {Name} now answers")]
    private static partial void LogPromoted(ILogger logger, string name);

}
