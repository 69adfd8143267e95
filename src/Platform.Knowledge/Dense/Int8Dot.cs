using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Platform.Knowledge.Dense;

/// <summary>The dot product of two int8 vectors, accumulated in int32, 32 components at a time where the CPU has the vectors.</summary>
internal static class Int8Dot
{
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("The vectors differ in length.", nameof(b));
        }

        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && a.Length >= 32)
        {
            var total = Vector256<int>.Zero;
            for (; i <= a.Length - 32; i += 32)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.Create(a.Slice(i, 32)));
                var (bLow, bHigh) = Vector256.Widen(Vector256.Create(b.Slice(i, 32)));

                // Products of int8 fit int16; vpmaddwd multiplies and adds neighbouring pairs into int32.
                total = Avx2.Add(total, Avx2.Add(Avx2.MultiplyAddAdjacent(aLow, bLow), Avx2.MultiplyAddAdjacent(aHigh, bHigh)));
            }

            sum = Vector256.Sum(total);
        }
        else if (Vector128.IsHardwareAccelerated && a.Length >= 16)
        {
            var total = Vector128<int>.Zero;
            for (; i <= a.Length - 16; i += 16)
            {
                var (aLow, aHigh) = Vector128.Widen(Vector128.Create(a.Slice(i, 16)));
                var (bLow, bHigh) = Vector128.Widen(Vector128.Create(b.Slice(i, 16)));
                var (p0, p1) = Vector128.Widen(aLow * bLow);
                var (p2, p3) = Vector128.Widen(aHigh * bHigh);
                total += p0 + p1 + p2 + p3;
            }

            sum = Vector128.Sum(total);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
