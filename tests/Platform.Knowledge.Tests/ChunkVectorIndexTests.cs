using Platform.Knowledge.Dense;

namespace Platform.Knowledge.Tests;

/// <summary>The int8 codes the dense index searches: the integer dot product, and how close coded cosines stay to float ones.</summary>
public sealed class ChunkVectorIndexTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(384)]
    [InlineData(389)]
    public void Int8DotMatchesTheScalarSumAtEveryLength(int length)
    {
        var random = new Random(length);
        var a = new sbyte[length];
        var b = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = (sbyte)random.Next(-127, 128);
            b[i] = (sbyte)random.Next(-127, 128);
        }

        var expected = 0;
        for (var i = 0; i < length; i++)
        {
            expected += a[i] * b[i];
        }

        Assert.Equal(expected, Int8Dot.Dot(a, b));
    }

    [Fact]
    public void QuantizeScalesByTheLargestMagnitudeEvenWhenItIsNegative()
    {
        var codes = new sbyte[2];

        var scale = ChunkVectorIndex.Quantize([-0.8f, 0.6f], codes);

        Assert.Equal(0.8f / 127f, scale, 1e-6f);
        Assert.Equal([-127, 95], codes.Select(c => (int)c));
    }

    [Fact]
    public void CodedCosinesStayWithinAHundredthOfTheFloatCosines()
    {
        var random = new Random(5);
        const int dimensions = 384;
        var rows = Enumerable.Range(0, 200).Select(_ => UnitVector(random, dimensions)).ToList();
        var query = UnitVector(random, dimensions);
        var codes = new sbyte[rows.Count * dimensions];
        var scales = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            scales[i] = ChunkVectorIndex.Quantize(rows[i], codes.AsSpan(i * dimensions, dimensions));
        }

        var found = ChunkVectorIndex.Search(query, codes, scales, [.. Enumerable.Range(1, rows.Count).Select(i => (long)i)], dimensions, 10);

        Assert.Equal(10, found.Count);
        foreach (var (chunkId, similarity) in found)
        {
            var exact = System.Numerics.Tensors.TensorPrimitives.Dot(query, rows[(int)chunkId - 1]);
            Assert.InRange(similarity, exact - 0.01f, exact + 0.01f);
        }

        var best = Enumerable.Range(0, rows.Count)
            .OrderByDescending(i => System.Numerics.Tensors.TensorPrimitives.Dot(query, rows[i])).First() + 1;
        Assert.Equal(best, found[0].ChunkId);
    }

    private static float[] UnitVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }
}
