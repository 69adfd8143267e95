using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Loading;

namespace Platform.Inference.Generation;

/// <summary>
/// An ONNX Runtime session over a decoder-with-past graph (Hugging Face Optimum names), with what both cache layouts
/// need to run it: the checked input and output names, cancellable runs and tensors over managed buffers.
/// </summary>
internal sealed class DecoderSession : IDisposable
{
    /// <summary>The graph metadata key a fused export sets, and the value that means "one shared KV buffer".</summary>
    public const string KvLayoutKey = "kv_cache_layout";
    public const string SharedBufferLayout = "shared-buffer";

    /// <summary>The standard graph's layout: past + new copied into a new present each step (no metadata declares it).</summary>
    public const string PaddedLayout = "padded";

    private static readonly string[] FixedInputs = ["input_ids", "attention_mask", "position_ids"];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    public DecoderSession(InferenceSession session, ModelConfig config)
    {
        _session = session;
        Config = config;
        var layers = config.NumLayers;
        var past = new string[layers * 2];
        var present = new string[layers * 2];
        for (var i = 0; i < layers; i++)
        {
            past[2 * i] = $"past_key_values.{i}.key";
            past[(2 * i) + 1] = $"past_key_values.{i}.value";
            present[2 * i] = $"present.{i}.key";
            present[(2 * i) + 1] = $"present.{i}.value";
        }

        var missing = FixedInputs.Concat(past).Where(n => !session.InputMetadata.ContainsKey(n))
            .Concat(present.Prepend("logits").Where(n => !session.OutputMetadata.ContainsKey(n)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new ModelLoadException(
                $"model.onnx does not follow the decoder-with-past convention for {layers} layers; missing: {string.Join(", ", missing.Take(6))}.");
        }

        InputNames = [.. FixedInputs, .. past];
        OutputNames = ["logits", .. present];
        KvLayout = session.ModelMetadata.CustomMetadataMap.GetValueOrDefault(KvLayoutKey);
    }

    public ModelConfig Config { get; }

    /// <summary>input_ids, attention_mask, position_ids, then past key and value per layer.</summary>
    public string[] InputNames { get; }

    /// <summary>logits, then present key and value per layer.</summary>
    public string[] OutputNames { get; }

    /// <summary>Key and value per layer.</summary>
    public int CacheTensors => InputNames.Length - FixedInputs.Length;

    /// <summary>The graph's <see cref="KvLayoutKey"/> metadata, or null for a standard export.</summary>
    public string? KvLayout { get; }

    /// <summary>Runs into outputs ONNX Runtime allocates.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyCollection<OrtValue> inputs, CancellationToken cancellationToken)
    {
        using var registration = Register(cancellationToken);
        return _session.Run(_runOptions, InputNames, inputs, OutputNames);
    }

    /// <summary>Runs into outputs the caller bound to its own buffers.</summary>
    public void Run(IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<OrtValue> outputs, CancellationToken cancellationToken)
    {
        using var registration = Register(cancellationToken);
        _session.Run(_runOptions, InputNames, inputs, OutputNames, outputs);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }

    public static OrtValue Tensor<T>(Memory<T> memory, params long[] shape)
        where T : unmanaged =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, shape);

    /// <summary>One float buffer per cache tensor, allocated once for the decoder's lifetime.</summary>
    public static float[][] Buffers(int count, int size)
    {
        var sets = new float[count][];
        for (var i = 0; i < count; i++)
        {
            sets[i] = new float[size];
        }

        return sets;
    }

    public static void DisposeAll(OrtValue[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i]?.Dispose();
            values[i] = null!;
        }
    }

    private CancellationTokenRegistration Register(CancellationToken cancellationToken)
    {
        // Terminate makes ONNX Runtime stop between nodes, so a cancelled prompt does not run to its end.
        _runOptions.Terminate = false;
        return cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, _runOptions);
    }
}
