using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Data.Models;
using Platform.Domain.Models;
using Platform.Inference;
using Platform.Inference.Loading;

namespace Platform.Conversations.Models;

/// <summary>The outcome of a promotion: done, or why not (the active version is then unchanged).</summary>
public sealed record PromotionResult(bool Promoted, string? Error);

/// <summary>
/// Which model version answers: registers the shipped model at start-up, loads the active version, and promotes or
/// rolls back by swapping the engine's model while replies in flight finish on the old one.
/// </summary>
public sealed partial class ModelRollout(ModelVersionStore versions, LocalModelHost host, ILogger<ModelRollout> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _swap = new(1, 1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await versions.FailInterruptedAsync(cancellationToken);
        if (host.Options.Path is { Length: > 0 } shipped)
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(shipped));
            var registered = await versions.RegisterAsync(name, shipped, cancellationToken);
            if (await versions.ActiveAsync(cancellationToken) is null)
            {
                await versions.ActivateAsync(registered.Id, cancellationToken);
            }
        }

        // A version promoted before a restart answers again after it, not the configured folder.
        if (await versions.ActiveAsync(cancellationToken) is { } active && host.Model?.Name != active.Name)
        {
            try
            {
                await host.ActivateAsync(active.Folder, cancellationToken);
            }
            catch (ModelLoadException ex)
            {
                LogActiveUnavailable(logger, active.Name, ex.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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

    [LoggerMessage(Level = LogLevel.Error, Message = "The active model version {Name} could not be loaded; the configured model answers instead: {Reason}")]
    private static partial void LogActiveUnavailable(ILogger logger, string name, string reason);
}
