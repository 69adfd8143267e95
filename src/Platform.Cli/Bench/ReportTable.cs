using System.Globalization;

namespace Platform.Cli.Bench;

/// <summary>The readable form of a <see cref="GenerateReport"/>.</summary>
internal static class ReportTable
{
    public static void Print(GenerateReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var i = CultureInfo.InvariantCulture;
        var m = report.Model;
        output.WriteLine();
        output.WriteLine(string.Create(i, $"bench generate: {m.Name} ({m.Type}, {m.Layers} layers x {m.Hidden}, {m.WeightBytes / 1e6:0.0} MB weights), prompt {report.PromptTokens} tokens, {report.NewTokens} new tokens, median of {report.Runs} runs"));
        output.WriteLine(string.Create(i, $"machine: {report.Machine.Cores} cores, {report.Machine.Cpu}; engine = C# + ONNX Runtime (cpu, {report.CacheLayout} KV cache); baseline = PyTorch eager, KV cache, {(report.Pytorch.Threads is { } t ? $"{t} threads" : "n/a")}"));
        if (report.Machine.Busy)
        {
            output.WriteLine(string.Create(i, $"WARNING: load average {report.Machine.LoadAverage:0.00} on {report.Machine.Cores} cores at start: the CPU was shared, so these figures are noisy (PyTorch's thread pool suffers most)"));
        }

        output.WriteLine("speed-up = how many times faster the engine is than PyTorch (>1: engine faster; for TTFT it is PyTorch ms / engine ms)");
        output.WriteLine();
        output.WriteLine("figure                         engine        pytorch       speed-up");
        output.WriteLine(string.Create(i, $"time to first token (ms)   {report.Ttft.EngineMs,10:0.0}     {Num(report.Ttft.PytorchMs, "0.0"),10}     {Times(report.Ttft.Speedup),8}"));
        foreach (var d in report.Decode)
        {
            output.WriteLine(string.Create(i, $"decode tok/s, {d.Streams,2} stream(s)  {d.EngineTokensPerS,10:0.0}     {Num(d.PytorchTokensPerS, "0.0"),10}     {Times(d.Speedup),8}"));
            output.WriteLine(string.Create(i, $"  per stream                 {d.EnginePerStreamTokensPerS,10:0.0}     {Num(d.PytorchPerStreamTokensPerS, "0.0"),10}"));
        }

        if (report.Pytorch.Unavailable is { } why)
        {
            output.WriteLine($"pytorch baseline NOT MEASURED: {why}");
        }
        else if (report.GreedyAgreement is { } agree)
        {
            output.WriteLine(string.Create(i, $"same weights check: engine and PyTorch agree on the first {agree} of {report.NewTokens} greedy tokens"));
        }

        if (report.Comparison is { } c)
        {
            output.WriteLine();
            output.WriteLine(string.Create(i, $"same engine, other model folder: {c.Name} ({c.CacheLayout} KV cache); speed-up = {m.Name} over it"));
            output.WriteLine("figure                         this        compared      speed-up");
            output.WriteLine(string.Create(i, $"time to first token (ms)   {report.Ttft.EngineMs,10:0.0}     {c.TtftMs,10:0.0}     {Times(c.TtftSpeedup),8}"));
            foreach (var (d, o) in report.Decode.Zip(c.Decode))
            {
                output.WriteLine(string.Create(i, $"decode tok/s, {d.Streams,2} stream(s)  {d.EngineTokensPerS,10:0.0}     {o.TokensPerS,10:0.0}     {Times(o.Speedup),8}"));
            }

            output.WriteLine(string.Create(i, $"same weights check: the two agree on the first {c.GreedyAgreement} of {report.NewTokens} greedy tokens"));
        }

        PrintGenAi(report, output);

        var b = report.Memory;
        output.WriteLine();
        output.WriteLine(string.Create(i, $"memory bandwidth: read {b.ReadGBps:0.0} GB/s, copy {b.CopyGBps:0.0} GB/s (512 MiB buffer, best of 5, all cores)"));
        output.WriteLine(string.Create(i, $"bytes per decoded token (1 stream): {b.WeightBytes / 1e6:0.00} MB weights + {b.KvCacheBytes / 1e6:0.00} MB KV cache = {b.BytesPerToken / 1e6:0.00} MB"));
        var cached = b.EngineShare > 1 ? " (above 100%: the weights fit in the CPU caches, so DRAM is not the limit)" : string.Empty;
        output.WriteLine(string.Create(i, $"bandwidth bound, 1 stream: {b.BoundTokensPerS:0.0} tok/s; engine reaches {Num(b.EngineShare * 100, "0.0")}% of it{cached}"));

        if (report.Quality is { } quality)
        {
            output.WriteLine();
            output.WriteLine($"quality on {quality.Dataset}:");
            output.WriteLine("path         model                questions   F1    F1 answered  grounded  words (gold)  generated  extractive  no answer   p50 ms   p99 ms");
            foreach (var r in quality.Paths)
            {
                output.WriteLine(string.Create(i,
                    $"{r.Path,-12} {r.Model ?? "-",-20} {r.Count,9}  {r.F1,5:0.000}  {r.F1Answered,10:0.000}  {r.GroundedRate,8:0.0%}  {r.ReplyWords,5:0} ({r.GoldWords,4:0})  {r.Generated,9}  {r.Extractive,10}  {r.NoAnswer,9}  {r.LatencyP50Ms,7:0} {r.LatencyP99Ms,8:0}"));
            }
        }

        output.WriteLine();
    }

    private static void PrintGenAi(GenerateReport report, TextWriter output)
    {
        var i = CultureInfo.InvariantCulture;
        var g = report.GenAi;
        output.WriteLine();
        if (g.Unavailable is { } why)
        {
            output.WriteLine($"onnxruntime-genai baseline NOT MEASURED: {why}");
            return;
        }

        output.WriteLine(string.Create(i, $"same model.onnx in onnxruntime-genai {g.Version} (cpu, one static batch of equal prompts, runs interleaved with the engine's); speed-up = engine over it"));
        output.WriteLine("figure                         engine        genai         speed-up");
        output.WriteLine(string.Create(i, $"time to first token (ms)   {report.Ttft.EngineMs,10:0.0}     {Num(g.TtftMs, "0.0"),10}     {Times(g.TtftSpeedup),8}"));
        foreach (var (d, o) in report.Decode.Join(g.Decode, d => d.Streams, o => o.Streams, (d, o) => (d, o)))
        {
            output.WriteLine(string.Create(i, $"decode tok/s, {d.Streams,2} stream(s)  {d.EngineTokensPerS,10:0.0}     {o.TokensPerS,10:0.0}     {Times(o.Speedup),8}"));
        }

        output.WriteLine(string.Create(i, $"peak memory growth (MB)    {Num(report.EnginePeakMemoryBytes / 1e6, "0.0"),10}     {Num(g.PeakMemoryBytes / 1e6, "0.0"),10}"));
        output.WriteLine(string.Create(i, $"same weights check: engine and genai agree on the first {g.GreedyAgreement} of {g.GreedyCompared} greedy tokens"));
    }

    private static string Num(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Times(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";
}
