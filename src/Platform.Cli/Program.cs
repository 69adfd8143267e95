using System.Diagnostics;
using System.Globalization;
using Platform.Cli;

// Usage:
//   Platform.Cli bench startup [--server PATH_TO_Platform.Server.dll] [--runs N]
//   Platform.Cli bench rest [--url http://localhost:5080] [--count 200]
return args switch
{
    ["bench", "startup", .. var rest] => await Benchmarks.StartupAsync(Options.Parse(rest), CancellationToken.None),
    ["bench", "rest", .. var rest] => await Benchmarks.RestRoundTripAsync(Options.Parse(rest), CancellationToken.None),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Platform.Cli bench startup [--server DLL] [--runs N] | bench rest [--url URL] [--count N]");
    return 2;
}

namespace Platform.Cli
{
    internal sealed record Options(IReadOnlyDictionary<string, string> Values)
    {
        public static Options Parse(string[] args) =>
            new(Enumerable.Range(0, args.Length / 2).ToDictionary(i => args[2 * i].TrimStart('-'), i => args[(2 * i) + 1]));

        public string Get(string name, string fallback) => Values.TryGetValue(name, out var value) ? value : fallback;

        public int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    }

    internal static class Stopwatches
    {
        public static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        public static double Ms(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
    }
}
