using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Inference.Loading;

namespace Platform.Inference;

/// <summary>
/// Loads the configured model when the host starts. A missing or broken model folder is logged as an error with the
/// reason, and the platform keeps answering without it; an execution provider that was asked for by name and cannot
/// be had stops the start, since silently running elsewhere would hide a misconfiguration.
/// </summary>
public sealed partial class LocalModelHost(IOptions<ModelOptions> options, IHostEnvironment environment, ILogger<LocalModelHost> logger)
    : IHostedService, IAsyncDisposable
{
    public ModelOptions Options => options.Value;

    public LocalModel? Model { get; private set; }

    /// <summary>Why the model is not loaded, when it was configured and failed.</summary>
    public string? LoadError { get; private set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Path);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured || Model is not null)
        {
            return Task.CompletedTask;
        }

        var folder = Path.GetFullPath(options.Value.Path!, environment.ContentRootPath);
        try
        {
            Model = LocalModel.Load(folder, options.Value, logger);
            LogLoaded(logger, Model.Name, Model.Config.ModelType, Model.Template.Name, Model.ExecutionProvider, Model.Engine.MaxLength);
        }
        catch (ModelLoadException ex)
        {
            LoadError = ex.Message;
            LogLoadFailed(logger, ex.Message);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Model is not null)
        {
            await Model.DisposeAsync();
            Model = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Name} ({Type}, template {Template}) on {Provider}; context {Context} tokens")]
    private static partial void LogLoaded(ILogger logger, string name, string type, string template, string provider, int context);

    [LoggerMessage(Level = LogLevel.Error, Message = "The local model could not be loaded, so replies are extractive until it is fixed: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);
}
