using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Generation;
using Platform.Inference.Loading;

namespace Platform.Inference.Tests;

/// <summary>The decoder the engine would pick for a model folder, below the engine, for tests that drive it step by step.</summary>
internal static class Decoders
{
    public static IBatchDecoder Open(string folder, int maxBatch, int? maxLength = null)
    {
        var config = ModelConfig.Parse(File.ReadAllText(Path.Combine(folder, "config.json")), "config.json");
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        var session = new DecoderSession(new InferenceSession(Path.Combine(folder, "model.onnx"), options), config);
        return DecoderFactory.Create(session, maxBatch, maxLength ?? config.MaxPositions);
    }
}
