using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Platform.Knowledge.Dense;

/// <summary>
/// The dot product of two int8 vectors with components in [-127, 127] (the index's codes never hold -128), accumulated
/// in int32, 32 components at a time where the CPU has AVX2.
/// </summary>
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
            // vpmaddubsw multiplies unsigned by signed bytes, so a's sign moves onto b: |a| x (b signed as a). With codes
            // in [-127, 127] each pair of products fits int16 (2 x 127 x 127 < 32767), and vpmaddwd by ones sums the
            // pairs into int32: no widening, five instructions per 32 components.
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            var ones = Vector256.Create((short)1);
            var total = Vector256<int>.Zero;
            for (; i <= a.Length - 32; i += 32)
            {
                var va = Vector256.LoadUnsafe(ref left, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref right, (nuint)i);
                var pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(va), Avx2.Sign(vb, va));
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(pairs, ones));
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
