using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Generation;
using Platform.Inference.Loading;

namespace Platform.Inference.Tests;

/// <summary>An <see cref="OnnxDecoder"/> over a model folder, below the engine, for tests that drive it step by step.</summary>
internal static class Decoders
{
    public static OnnxDecoder Open(string folder, int maxBatch)
    {
        var config = ModelConfig.Parse(File.ReadAllText(Path.Combine(folder, "config.json")), "config.json");
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        return new OnnxDecoder(new InferenceSession(Path.Combine(folder, "model.onnx"), options), config, maxBatch, config.MaxPositions);
    }
}
