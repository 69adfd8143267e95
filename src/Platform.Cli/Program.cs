using System.Diagnostics;
using System.Globalization;
using Platform.Cli;
using Platform.Cli.Bench;
using Platform.Cli.Evaluation;
using Platform.Cli.Evaluation.Pii;

// Usage:
//   Platform.Cli ingest --path FILE_OR_FOLDER [--kb default] [--url http://localhost:5080] [--api-key KEY | --api-key-file data/admin-api-key]
//   Platform.Cli kb export [--kb default] [--out default.zip] ... / kb rollback [--kb default] [--to-version N] ...
//   Platform.Cli export [--format chat|preferences] [--approved-only true] [--from yyyy-mm-dd] [--to yyyy-mm-dd] [--kb SLUG] [--rating 1-5] [--out FILE.jsonl] [--url URL] [--api-key KEY | --api-key-file FILE]
//   Platform.Cli model versions | tune [--steps N] | promote --version NAME | cancel --version NAME [--url URL] [--api-key KEY | --api-key-file FILE]
//   Platform.Cli bench startup [--server PATH_TO_Platform.Server.dll] [--runs N]
//   Platform.Cli bench rest [--url http://localhost:5080[,http://node2:5080]] [--count 200] [--concurrency 1]
//   Platform.Cli bench generate [--model models/support-gpt] [--prompt-tokens 300] [--new-tokens 64] [--streams 1,4,16] [--runs 3]
//                               [--torch-threads CORES] [--quality ../shared/datasets/covidfaq-dev] [--limit N] [--out data/bench/generate.json]
//   Platform.Cli bench retrieval [--sizes 1000,10000,100000] [--queries 300] [--quality ../shared/datasets/covidfaq-dev] [--synonyms FILE] [--out data/bench/retrieval.json]
//   Platform.Cli eval pii --data FILE.jsonl [--out FILE.json] [--floors FILE.json] [--errors N]
//   Platform.Cli eval --kb DIR --questions FILE.jsonl [--oos FILE.jsonl] [--out FILE.json] [--model DIR|none] [--floors FILE.json] [--limit N]
// Ctrl+C cancels a long bench cleanly (the PyTorch child process included) instead of killing it mid-write.
using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

return args switch
{
    ["bench", "startup", .. var rest] => await Benchmarks.StartupAsync(Options.Parse(rest), CancellationToken.None),
    ["bench", "rest", .. var rest] => await Benchmarks.RestRoundTripAsync(Options.Parse(rest), CancellationToken.None),
    ["bench", "generate", .. var rest] => await GenerateBenchmark.RunAsync(Options.Parse(rest), stopping.Token),
    ["bench", "retrieval", .. var rest] => await RetrievalBenchmark.RunAsync(Options.Parse(rest), stopping.Token),
    ["ingest", .. var rest] => await KnowledgeCommands.IngestAsync(Options.Parse(rest), stopping.Token),
    ["kb", "export", .. var rest] => await KnowledgeCommands.ExportAsync(Options.Parse(rest), stopping.Token),
    ["kb", "rollback", .. var rest] => await KnowledgeCommands.RollbackAsync(Options.Parse(rest), stopping.Token),
    ["export", .. var rest] => await ExportCommand.RunAsync(Options.Parse(rest), stopping.Token),
    ["model", .. var rest] => await ModelCommands.RunAsync(rest, stopping.Token),
    ["eval", "pii", .. var rest] => await PiiEvalCommand.RunAsync(rest, Console.Out, Console.Error, stopping.Token),
    ["eval", .. var rest] => await EvalCommand.RunAsync(rest, Console.Out, Console.Error, stopping.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Platform.Cli ingest --path FILE_OR_FOLDER [--kb SLUG] [--url URL] [--api-key KEY | --api-key-file FILE]");
    Console.Error.WriteLine("       Platform.Cli kb export [--kb SLUG] [--out FILE.zip] [--url URL] [--api-key KEY | --api-key-file FILE]");
    Console.Error.WriteLine("       Platform.Cli kb rollback [--kb SLUG] [--to-version N] [--url URL] [--api-key KEY | --api-key-file FILE]");
    Console.Error.WriteLine("       Platform.Cli export [--format chat|preferences] [--approved-only true] [--from DATE] [--to DATE] [--kb SLUG] [--rating 1-5] [--out FILE.jsonl] [--url URL] [--api-key KEY | --api-key-file FILE]");
    Console.Error.WriteLine("       Platform.Cli model versions | tune [--steps N] | promote --version NAME | cancel --version NAME [--url URL] [--api-key KEY | --api-key-file FILE]");
    Console.Error.WriteLine("       Platform.Cli bench startup [--server DLL] [--runs N]");
    Console.Error.WriteLine("       Platform.Cli bench rest [--url URL] [--count N]");
    Console.Error.WriteLine("       Platform.Cli bench generate [--model DIR] [--prompt-tokens N] [--new-tokens N] [--streams 1,4,16] [--runs N] [--torch-threads N] [--quality DIR] [--limit N] [--out FILE.json]");
    Console.Error.WriteLine("       Platform.Cli bench retrieval [--sizes 1000,10000,100000] [--queries N] [--quality DIR] [--synonyms FILE] [--out FILE.json]");
    Console.Error.WriteLine("       " + EvalOptions.Usage["usage: ".Length..]);
    Console.Error.WriteLine("       " + PiiEvalCommand.Usage["usage: ".Length..]);
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

        public IReadOnlyList<int> GetIntList(string name, IReadOnlyList<int> fallback) =>
            Values.TryGetValue(name, out var value)
                ? [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))]
                : fallback;
    }

    internal static class Stopwatches
    {
        public static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        public static double Ms(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
    }
}
