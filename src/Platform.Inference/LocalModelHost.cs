using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Inference.Loading;

namespace Platform.Inference;

/// <summary>
/// Loads the configured model when the host starts, and swaps in another model folder on demand (a promoted or
/// rolled-back version). A missing or broken model folder is logged as an error with the reason, and the platform
/// keeps answering without it; an execution provider that was asked for by name and cannot be had stops the start,
/// since silently running elsewhere would hide a misconfiguration.
/// </summary>
/// <remarks>
/// Generation leases the current model for the whole of one reply (<see cref="Acquire"/>). A swap points new replies
/// at the new model at once and disposes the old one only when its last lease ends, so no reply in flight is cut.
/// </remarks>
public sealed partial class LocalModelHost(
    IOptions<ModelOptions> options, IHostEnvironment environment, ILogger<LocalModelHost> logger, IActiveModelFolder? activeFolder = null)
    : IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Slot? _current;

    public ModelOptions Options => options.Value;

    public LocalModel? Model => Volatile.Read(ref _current)?.Model;

    /// <summary>Why the model is not loaded, when it was configured and failed.</summary>
    public string? LoadError { get; private set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Path) || Model is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Path) || Model is not null)
        {
            return;
        }

        // A version promoted before a restart answers after it: load it straight away rather than the configured
        // folder first and then swap.
        if (activeFolder is not null && await activeFolder.ResolveAsync(cancellationToken) is { } active)
        {
            try
            {
                Install(Load(active));
                return;
            }
            catch (ModelLoadException ex)
            {
                LogActiveUnavailable(logger, active, ex.Message);
            }
        }

        try
        {
            Install(Load(options.Value.Path!));
        }
        catch (ModelLoadException ex)
        {
            LoadError = ex.Message;
            LogLoadFailed(logger, ex.Message);
        }
    }

    /// <summary>
    /// Loads <paramref name="folder"/> and makes it the model new replies use; replies already generating finish on the
    /// model they started with. Throws <see cref="ModelLoadException"/> (and keeps the current model) when the folder
    /// does not load.
    /// </summary>
    public async Task<LocalModel> ActivateAsync(string folder, CancellationToken cancellationToken)
    {
        var model = await Task.Run(() => Load(folder), cancellationToken);
        var retired = Install(model);
        if (retired is not null)
        {
            await retired.DisposeAsync();
        }

        return model;
    }

    /// <summary>A lease on the current model for one generation, or null when none is loaded. Dispose it when done.</summary>
    public ModelLease? Acquire()
    {
        lock (_gate)
        {
            if (_current is not { } slot)
            {
                return null;
            }

            slot.Users++;
            return new ModelLease(this, slot);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        Slot? slot;
        lock (_gate)
        {
            slot = _current;
            _current = null;
        }

        if (slot is not null)
        {
            await slot.Model.DisposeAsync();
        }
    }

    private LocalModel Load(string folder)
    {
        var full = Path.GetFullPath(folder, environment.ContentRootPath);
        var model = LocalModel.Load(full, options.Value, logger);
        LogLoaded(logger, model.Name, model.Config.ModelType, model.Template.Name, model.ExecutionProvider, model.Engine.MaxLength);
        return model;
    }

    /// <summary>Makes <paramref name="model"/> current; returns the previous model when nobody is using it (the caller disposes it).</summary>
    private LocalModel? Install(LocalModel model)
    {
        lock (_gate)
        {
            var previous = _current;
            Volatile.Write(ref _current, new Slot(model));
            LoadError = null;
            if (previous is null)
            {
                return null;
            }

            previous.Retired = true;
            return previous.Users == 0 ? previous.Model : null;
        }
    }

    private void Release(Slot slot)
    {
        bool dispose;
        lock (_gate)
        {
            slot.Users--;
            dispose = slot.Retired && slot.Users == 0;
        }

        if (dispose)
        {
            LogRetired(logger, slot.Model.Name);
            slot.Model.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class Slot(LocalModel model)
    {
        public LocalModel Model { get; } = model;

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    /// <summary>The model one generation uses, kept alive until the lease is disposed.</summary>
    public sealed class ModelLease : IDisposable
    {
        private readonly LocalModelHost _host;
        private readonly Slot _slot;
        private int _released;

        internal ModelLease(LocalModelHost host, object slot)
        {
            _host = host;
            _slot = (Slot)slot;
        }

        public LocalModel Model => _slot.Model;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _host.Release(_slot);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Name} ({Type}, template {Template}) on {Provider}; context {Context} tokens")]
    private static partial void LogLoaded(ILogger logger, string name, string type, string template, string provider, int context);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unloaded model {Name}: it was replaced and its last reply has finished")]
    private static partial void LogRetired(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "The active model version in {Folder} could not be loaded; the configured model answers instead: {Reason}")]
    private static partial void LogActiveUnavailable(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The local model could not be loaded, so replies are extractive until it is fixed: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);
}
