using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Platform.Inference.Loading;

/// <summary>Chooses where the model runs: <c>cuda</c> or nothing, <c>cpu</c>, or <c>auto</c> (CUDA when it can be had).</summary>
internal static partial class ExecutionProviders
{
    public const string Cuda = "cuda";
    public const string Cpu = "cpu";
    public const string Auto = "auto";

    /// <summary>Builds the session options and says which provider they run on.</summary>
    public static (SessionOptions Options, string Provider) Create(ModelOptions settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Create(settings.ExecutionProvider, settings.IntraOpThreads, "Platform:Model:ExecutionProvider", logger);
    }

    /// <summary>The same choice for any model; <paramref name="setting"/> names the configuration key in errors.</summary>
    public static (SessionOptions Options, string Provider) Create(string executionProvider, int intraOpThreads, string setting, ILogger logger)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
        };
        if (executionProvider == Cpu)
        {
            return (options, Cpu);
        }

        var available = OrtEnv.Instance().GetAvailableProviders();
        string? failure = null;
        if (!available.Contains("CUDAExecutionProvider"))
        {
            failure = $"this ONNX Runtime build offers {string.Join(", ", available)} (it was built with -p:OnnxRuntimeFlavor=Cpu)";
        }
        else if (CudaProviderLibrary.Probe() is { } missing)
        {
            // Probed first so that a CPU-only machine gets the missing library's name in one log line, instead of
            // ONNX Runtime's own error on stderr and a bare "Failed to load shared library".
            failure = missing;
        }
        else
        {
            try
            {
                options.AppendExecutionProvider_CUDA(0);
                LogProvider(logger, Cuda, executionProvider);
                return (options, Cuda);
            }
            catch (OnnxRuntimeException ex)
            {
                failure = ex.Message;
            }
        }

        if (executionProvider == Cuda)
        {
            options.Dispose();
            throw new ExecutionProviderUnavailableException($"{setting} is 'cuda' but CUDA cannot be used: {failure}.");
        }

        LogCudaFallback(logger, failure);
        LogProvider(logger, Cpu, executionProvider);
        return (options, Cpu);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The model runs on the {Provider} execution provider (configured: {Configured})")]
    private static partial void LogProvider(ILogger logger, string provider, string configured);

    [LoggerMessage(Level = LogLevel.Information, Message = "CUDA is not available, so the model runs on the CPU: {Reason}")]
    private static partial void LogCudaFallback(ILogger logger, string reason);
}

/// <summary>The configured execution provider cannot be used; the host must not start on another one silently.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(string message)
        : base(message)
    {
    }

    public ExecutionProviderUnavailableException()
    {
    }

    public ExecutionProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
