using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Inference.Loading;

namespace Platform.Inference.Embeddings;

/// <summary>
/// Loads the encoder, the folder of <c>Platform:Embeddings:Path</c> or else the built-in <c>Platform:Embeddings:Model</c>,
/// once, at host start or at the first request for the generator, whichever comes first. A missing or broken encoder is logged as an error with the reason and leaves
/// <see cref="Generator"/> null (so DI resolves no <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and retrieval stays
/// BM25-only); <see cref="LoadError"/> says why, for the health check. An execution provider asked for by name that
/// cannot be had stops the start, as for the chat model.
/// </summary>
public sealed partial class EmbeddingModelHost(IOptions<EmbeddingOptions> options, IHostEnvironment environment, ILogger<EmbeddingModelHost> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private bool _attempted;
    private LocalEmbeddingGenerator? _generator;
    private string? _loadError;

    public EmbeddingOptions Options => options.Value;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Path)
        || !string.Equals(options.Value.Model, BuiltInEncoders.None, StringComparison.OrdinalIgnoreCase);

    /// <summary>The generator when the model loaded; null when none is configured or it failed to load.</summary>
    public LocalEmbeddingGenerator? Generator
    {
        get
        {
            EnsureLoaded();
            return _generator;
        }
    }

    /// <summary>Why the embedding model is not loaded, when it was configured and failed.</summary>
    public string? LoadError
    {
        get
        {
            EnsureLoaded();
            return _loadError;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureLoaded();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        lock (_gate)
        {
            _generator?.Model.Dispose();
            _generator = null;
        }
    }

    private void EnsureLoaded()
    {
        lock (_gate)
        {
            if (_attempted)
            {
                return;
            }

            _attempted = true;
            if (!IsConfigured)
            {
                return;
            }

            try
            {
                var model = Load();
                _generator = new LocalEmbeddingGenerator(model);
                LogLoaded(logger, model.Name, model.Dimensions, model.ExecutionProvider, model.MaxLength);
            }
            catch (ModelLoadException ex)
            {
                _loadError = ex.Message;
                LogLoadFailed(logger, ex.Message);
            }
            catch (ExecutionProviderUnavailableException ex)
            {
                // Stops the start (rethrown), but whoever asks afterwards still learns why there is no generator.
                _loadError = ex.Message;
                throw;
            }
        }
    }

    private EmbeddingModel Load()
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.Path))
        {
            return EmbeddingModel.Load(Path.GetFullPath(settings.Path, environment.ContentRootPath), settings, logger);
        }

        var encoder = BuiltInEncoders.Find(string.IsNullOrWhiteSpace(settings.Model) ? BuiltInEncoders.ArcticEmbedXs : settings.Model)
            ?? throw new ModelLoadException($"Platform:Embeddings:Model '{settings.Model}' is not a built-in encoder ({string.Join(", ", BuiltInEncoders.All.Select(e => e.Name))}).");
        var folder = string.IsNullOrWhiteSpace(settings.EncodersPath) ? null : Path.GetFullPath(settings.EncodersPath, environment.ContentRootPath);
        var assembly = folder is null ? BuiltInEncoders.AssemblyPath(encoder) : Path.Combine(folder, encoder.AssemblyName + ".dll");
        return EmbeddingModel.LoadBuiltIn(encoder, assembly, settings, logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded embedding model {Name} ({Dimensions} dimensions) on {Provider}; {MaxLength} tokens per text")]
    private static partial void LogLoaded(ILogger logger, string name, int dimensions, string provider, int maxLength);

    [LoggerMessage(Level = LogLevel.Error, Message = "The embedding model could not be loaded, so retrieval is BM25 (keywords) only until it is fixed: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string reason);
}
