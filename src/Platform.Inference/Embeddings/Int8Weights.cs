using Google.Protobuf;
using Onnx;

namespace Platform.Inference.Embeddings;

/// <summary>
/// Rewrites an encoder graph so its matrix products run in int8 on the CPU: every <c>MatMul</c> whose weight is a 2-D
/// float initializer becomes ONNX Runtime's <c>DynamicQuantizeMatMul</c> (com.microsoft) with the weight quantised
/// symmetrically, one scale per output column; ORT quantises the activations per run. On arctic-embed-xs that halves
/// encoding time on 2 cores and moves recall@5 by at most 0.003 on the dev sets (docs/models.md). The embedding
/// tables, LayerNorms and attention stay float.
/// </summary>
internal static class Int8Weights
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>The rewritten graph, and how many products were quantised (0: the graph is returned as it was).</summary>
    public static (byte[] Model, int Quantized) Quantize(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = ModelProto.Parser.ParseFrom(model);
        var graph = proto.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var quantized = 0;
        for (var n = 0; n < graph.Node.Count; n++)
        {
            var node = graph.Node[n];
            if (node.OpType != "MatMul" || node.Domain.Length > 0 || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out var weight) || !IsFloatMatrix(weight))
            {
                continue;
            }

            var (codes, scales) = QuantizeColumns(weight);
            var name = weight.Name;
            graph.Initializer.Add(codes);
            graph.Initializer.Add(scales);
            graph.Initializer.Add(Zeros(name + "_zero_point", scales.Dims[0]));
            var rewritten = new NodeProto { Name = node.Name + "_int8", OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain };
            rewritten.Input.AddRange([node.Input[0], codes.Name, scales.Name, name + "_zero_point"]);
            rewritten.Output.AddRange(node.Output);
            graph.Node[n] = rewritten;
            replaced.Add(name);
            quantized++;
        }

        if (quantized == 0)
        {
            return (model, 0);
        }

        // A float weight another node still reads stays; the rest would only take memory.
        var stillRead = graph.Node.SelectMany(x => x.Input).ToHashSet(StringComparer.Ordinal);
        var unused = graph.Initializer.Where(i => replaced.Contains(i.Name) && !stillRead.Contains(i.Name)).ToList();
        foreach (var initializer in unused)
        {
            graph.Initializer.Remove(initializer);
        }

        if (!proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return (proto.ToByteArray(), quantized);
    }

    private static bool IsFloatMatrix(TensorProto tensor) =>
        tensor.Dims.Count == 2 && tensor.DataType == (int)TensorProto.Types.DataType.Float
        && (tensor.RawData.Length == tensor.Dims[0] * tensor.Dims[1] * sizeof(float) || tensor.FloatData.Count == tensor.Dims[0] * tensor.Dims[1]);

    /// <summary>int8 codes of a [rows, columns] weight, <c>weight ≈ scale[column] × code</c>, and the scales.</summary>
    internal static (TensorProto Codes, TensorProto Scales) QuantizeColumns(TensorProto weight)
    {
        var rows = (int)weight.Dims[0];
        var columns = (int)weight.Dims[1];
        var values = weight.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight.RawData.Span).ToArray()
            : [.. weight.FloatData];
        var scales = new float[columns];
        for (var i = 0; i < values.Length; i++)
        {
            scales[i % columns] = Math.Max(scales[i % columns], Math.Abs(values[i]));
        }

        for (var c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var codes = new byte[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            codes[i] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(values[i] / scales[i % columns]), -127f, 127f));
        }

        var codeTensor = new TensorProto { Name = weight.Name + "_int8", DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(codes) };
        codeTensor.Dims.AddRange([rows, columns]);
        var scaleBytes = new byte[columns * sizeof(float)];
        Buffer.BlockCopy(scales, 0, scaleBytes, 0, scaleBytes.Length);
        var scaleTensor = new TensorProto { Name = weight.Name + "_scale", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(scaleBytes) };
        scaleTensor.Dims.Add(columns);
        return (codeTensor, scaleTensor);
    }

    private static TensorProto Zeros(string name, long length)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(new byte[length]) };
        tensor.Dims.Add(length);
        return tensor;
    }
}
