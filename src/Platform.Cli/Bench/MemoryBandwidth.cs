using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.Cli.Bench;

/// <summary>The machine's memory bandwidth, measured on a buffer far larger than any CPU cache.</summary>
/// <param name="ReadGBps">Summing the buffer on every core, best pass: what a decode step that reads weights can hope for.</param>
/// <param name="CopyGBps">Copying half the buffer onto the other half, bytes read plus written, best pass.</param>
/// <param name="BufferBytes">Size of the buffer read each pass.</param>
/// <param name="Passes">Passes timed; the best one counts.</param>
/// <param name="Threads">Threads reading at once (one per core).</param>
internal sealed record MemoryBandwidth(double ReadGBps, double CopyGBps, long BufferBytes, int Passes, int Threads)
{
    public const long DefaultBufferBytes = 512L * 1024 * 1024;

    public static MemoryBandwidth Measure(long bufferBytes, int passes, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<long>((int)(bufferBytes / sizeof(long)));
        try
        {
            // Touch every page first so the first pass does not time page faults.
            Parallel.For(0, buffer.Length / 512, i => buffer[i * 512] = i);
            var threads = Environment.ProcessorCount;
            var bestRead = double.MaxValue;
            var bestCopy = double.MaxValue;
            long checksum = 0;
            for (var pass = 0; pass < passes; pass++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                checksum += SumAll(buffer, threads);
                bestRead = Math.Min(bestRead, Stopwatch.GetElapsedTime(started).TotalSeconds);

                started = Stopwatch.GetTimestamp();
                CopyHalf(buffer, threads);
                bestCopy = Math.Min(bestCopy, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            GC.KeepAlive(checksum);
            var bytes = (double)buffer.Length * sizeof(long);
            return new MemoryBandwidth(bytes / bestRead / 1e9, bytes / bestCopy / 1e9, (long)bytes, passes, threads);
        }
        finally
        {
            buffer = null;
            GC.Collect();
        }
    }

    private static long SumAll(long[] buffer, int threads)
    {
        var partial = new long[threads];
        var slice = buffer.Length / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            partial[t] = Sum(buffer.AsSpan(t * slice, t == threads - 1 ? buffer.Length - (t * slice) : slice)));
        return partial.Sum();
    }

    // Fully optimised from the first call: a tier-0 loop would measure the JIT, not the memory.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Sum(ReadOnlySpan<long> span)
    {
        var vectors = MemoryMarshal.Cast<long, Vector<long>>(span);
        Vector<long> a = Vector<long>.Zero, b = Vector<long>.Zero, c = Vector<long>.Zero, d = Vector<long>.Zero;
        var i = 0;
        for (; i + 3 < vectors.Length; i += 4)
        {
            a += vectors[i];
            b += vectors[i + 1];
            c += vectors[i + 2];
            d += vectors[i + 3];
        }

        var sum = Vector.Sum(a + b + c + d);
        for (var j = i * Vector<long>.Count; j < span.Length; j++)
        {
            sum += span[j];
        }

        return sum;
    }

    private static void CopyHalf(long[] buffer, int threads)
    {
        var half = buffer.Length / 2;
        var slice = half / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var length = t == threads - 1 ? half - (t * slice) : slice;
            buffer.AsSpan(t * slice, length).CopyTo(buffer.AsSpan(half + (t * slice), length));
        });
    }
}
