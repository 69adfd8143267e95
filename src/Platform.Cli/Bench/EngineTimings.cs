using System.Diagnostics;
using Platform.Inference.Generation;
using Platform.Inference.Loading;

namespace Platform.Cli.Bench;

/// <summary>Decode throughput at one stream count (the engine's or GenAI's): all streams, and the same divided per stream.</summary>
internal sealed record DecodeRate(int Streams, double TokensPerSecond, double PerStreamTokensPerSecond, IReadOnlyList<double> RunsTokensPerSecond)
{
    /// <summary>The median of the runs' rates.</summary>
    public static DecodeRate Of(int streams, IReadOnlyList<double> runs)
    {
        var median = Statistics.Median(runs);
        return new DecodeRate(streams, median, median / streams, runs);
    }
}

/// <summary>Times the engine (C# + ONNX Runtime) below the chat template, on prompt ids, greedy, ignoring stop tokens.</summary>
internal sealed class EngineTimings(LocalModel model, IReadOnlyList<int> prompt, int newTokens)
{
    /// <summary>Milliseconds from asking for a reply until its first token arrives: the prefill plus one pick.</summary>
    public async Task<double> TimeToFirstTokenAsync(CancellationToken cancellationToken)
    {
        var settings = new SamplingSettings { MaxNewTokens = 1, StopTokenIds = [] };
        var started = Stopwatch.GetTimestamp();
        await foreach (var token in model.GenerateAsync(prompt, settings, cancellationToken))
        {
            _ = token;
            break;
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// Starts <paramref name="streams"/> generations at once and measures the steady state, when every stream is in the
    /// batch: the tokens that arrive between the moment the last stream got its first token (all prefills done) and the
    /// moment the first stream finished, over that window's length.
    /// </summary>
    public async Task<(double TokensPerSecond, IReadOnlyList<int> FirstStreamIds)> DecodeAsync(int streams, int tokens, CancellationToken cancellationToken)
    {
        var settings = new SamplingSettings { MaxNewTokens = tokens, StopTokenIds = [] };
        var runs = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => Task.Run(() => StreamAsync(settings, cancellationToken), cancellationToken)));
        var windowStart = runs.Max(r => r.Times[0]);
        var windowEnd = runs.Min(r => r.Times[^1]);
        double counted;
        double seconds;
        if (windowEnd > windowStart)
        {
            counted = runs.Sum(r => r.Times.Count(t => t > windowStart && t <= windowEnd));
            seconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        }
        else
        {
            // Streams that never overlapped (a batch limit below the stream count): every token after each first one.
            counted = runs.Sum(r => r.Times.Count - 1);
            seconds = Stopwatch.GetElapsedTime(runs.Min(r => r.Times[0]), runs.Max(r => r.Times[^1])).TotalSeconds;
        }

        return (seconds > 0 ? counted / seconds : 0, runs[0].Ids);
    }

    /// <summary>One steady-state decode run at <paramref name="streams"/> streams of the full length.</summary>
    public async Task<double> DecodeTokensPerSecondAsync(int streams, CancellationToken cancellationToken) =>
        (await DecodeAsync(streams, newTokens, cancellationToken)).TokensPerSecond;

    /// <summary>One stream's greedy continuation of the full length, stop tokens ignored.</summary>
    public async Task<IReadOnlyList<int>> GreedyAsync(CancellationToken cancellationToken) =>
        (await DecodeAsync(1, newTokens, cancellationToken)).FirstStreamIds;

    private async Task<(List<long> Times, List<int> Ids)> StreamAsync(SamplingSettings settings, CancellationToken cancellationToken)
    {
        var times = new List<long>(settings.MaxNewTokens);
        var ids = new List<int>(settings.MaxNewTokens);
        await foreach (var token in model.GenerateAsync(prompt, settings, cancellationToken))
        {
            times.Add(Stopwatch.GetTimestamp());
            ids.Add(token);
        }

        if (times.Count < 2)
        {
            throw new InvalidOperationException($"The engine produced {times.Count} token(s) where {settings.MaxNewTokens} were asked for.");
        }

        return (times, ids);
    }
}
