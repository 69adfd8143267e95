using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Inference;
using Platform.Inference.Loading;

namespace Platform.Cli.Bench;

/// <summary>
/// <c>bench generate</c>: time to first token and decode throughput of the local engine, the same figures from PyTorch
/// eager on the same weights and prompt, the memory-bandwidth bound for one stream, and (with <c>--quality</c>) answer
/// quality of the generated and extractive reply paths over a dev set.
/// </summary>
internal static class GenerateBenchmark
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var modelFolder = RepositoryRoot.Resolve(root, options.Get("model", "models/support-gpt"));
        var promptTokens = options.GetInt("prompt-tokens", 300);
        var newTokens = options.GetInt("new-tokens", 64);
        var streams = options.GetIntList("streams", [1, 4, 16]);
        var runs = options.GetInt("runs", 3);
        var threads = options.GetInt("threads", 0);
        var torchThreads = options.GetInt("torch-threads", Environment.ProcessorCount);
        var quality = options.Values.TryGetValue("quality", out var q) ? RepositoryRoot.Resolve(root, q) : null;
        var limit = options.GetInt("limit", int.MaxValue);
        var outFile = RepositoryRoot.Resolve(root, options.Get("out", "data/bench/generate.json"));
        var compareFolder = options.Values.TryGetValue("compare-model", out var other) ? RepositoryRoot.Resolve(root, other) : null;
        if (newTokens < 2 || promptTokens < 1 || runs < 1 || threads < 0 || streams.Count == 0 || streams.Any(s => s < 1))
        {
            Console.Error.WriteLine("bench generate: --new-tokens must be at least 2, --prompt-tokens, --runs and every --streams entry at least 1, --threads 0 or more");
            return 2;
        }

        if (!File.Exists(Path.Combine(modelFolder, "model.onnx")))
        {
            Console.Error.WriteLine($"bench generate: {modelFolder} has no model.onnx (train one with models/training/recipe.py, or pass --model DIR)");
            return 1;
        }

        if (compareFolder is not null && !File.Exists(Path.Combine(compareFolder, "model.onnx")))
        {
            Console.Error.WriteLine($"bench generate: --compare-model {compareFolder} has no model.onnx");
            return 1;
        }

        if (quality is not null && (!Directory.Exists(Path.Combine(quality, "kb")) || !File.Exists(Path.Combine(quality, "questions.jsonl"))))
        {
            Console.Error.WriteLine($"bench generate: --quality {quality} needs kb/ and questions.jsonl");
            return 2;
        }

        var machine = MachineInfo.Describe();
        Say($"machine: {machine.Cores} cores, {machine.Os}, {machine.Runtime}, {machine.Cpu}, load average {machine.LoadAverage?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"}");

        Say("memory bandwidth: reading a 512 MiB buffer ...");
        var bandwidth = MemoryBandwidth.Measure(MemoryBandwidth.DefaultBufferBytes, passes: 5, cancellationToken);

        var modelOptions = new ModelOptions { ExecutionProvider = "cpu", MaxBatchSize = streams.Max(), IntraOpThreads = threads };
        var engineMemory = PeakMemory.Start();
        await using var model = LocalModel.Load(modelFolder, modelOptions, NullLogger.Instance);
        var config = model.Config;
        var usablePrompt = Math.Min(promptTokens, model.MaxLength - newTokens - 1);
        if (usablePrompt < 1)
        {
            Console.Error.WriteLine($"bench generate: --new-tokens {newTokens} does not fit the model's context of {model.MaxLength} tokens");
            return 2;
        }

        if (usablePrompt < promptTokens)
        {
            Say($"note: {model.Name} holds {model.MaxLength} tokens, so the prompt is cut to {usablePrompt} tokens to leave room for {newTokens} new ones");
        }

        var prompt = await BenchPrompt.BuildAsync(root, model.Tokenizer, usablePrompt, cancellationToken);
        Say($"model: {model.Name} ({config.ModelType}, {config.NumLayers} layers, hidden {config.HiddenSize}, vocab {config.VocabSize}, {model.WeightBytes / 1e6:0.0} MB of weights), prompt {prompt.Count} tokens, {newTokens} new tokens, {runs} runs");

        var engine = await WarmUpAsync(model, prompt, newTokens, streams.Max(), cancellationToken);
        var enginePeakMemory = engineMemory.Growth();

        Say("onnxruntime-genai: loading the same model.onnx through its genai_config.json, warming up ...");
        using var genAiRunner = GenAiRunner.TryOpen(modelFolder, config.VocabSize, prompt, newTokens, streams.Max(), threads, out var genAiUnavailable);
        if (genAiUnavailable is not null)
        {
            Say($"onnxruntime-genai: NOT MEASURED - {genAiUnavailable}");
        }

        var (ttftRuns, decode, engineGreedy, genAi) = await TimeEngineAsync(engine, model.Name, streams, runs, genAiRunner, cancellationToken);
        genAi ??= new GenAiBaseline { Unavailable = genAiUnavailable };

        EngineComparison? comparison = null;
        if (compareFolder is not null)
        {
            await using var compared = LocalModel.Load(compareFolder, modelOptions, NullLogger.Instance);
            Say($"compared engine: {compared.Name} ({compared.CacheLayout} KV cache) on the same prompt ...");
            var otherEngine = await WarmUpAsync(compared, prompt, newTokens, streams.Max(), cancellationToken);
            var (otherTtft, otherDecode, otherGreedy, _) = await TimeEngineAsync(otherEngine, compared.Name, streams, runs, alongside: null, cancellationToken);
            comparison = new EngineComparison(
                compared.Name, compareFolder, compared.CacheLayout, Statistics.Median(otherTtft), otherTtft,
                Statistics.Ratio(Statistics.Median(otherTtft), Statistics.Median(ttftRuns)),
                [.. otherDecode.Zip(decode, (o, d) => new ComparedDecode(o.Streams, o.TokensPerSecond, Statistics.Ratio(d.TokensPerSecond, o.TokensPerSecond)))],
                GreedyAgreement(engineGreedy, otherGreedy));
        }

        Say("pytorch: running models/training/bench_torch.py on the same weights and prompt ...");
        var torch = await TorchBaseline.RunAsync(root, modelFolder, prompt, newTokens, streams, runs, torchThreads, cancellationToken);
        if (torch.Unavailable is not null)
        {
            Say($"pytorch: NOT MEASURED - {torch.Unavailable}");
        }

        var kvBytes = 2L * config.NumLayers * config.NumKeyValueHeads * config.HeadDim * prompt.Count * sizeof(float);
        var bytesPerToken = model.WeightBytes + kvBytes;
        var bound = bandwidth.ReadGBps * 1e9 / bytesPerToken;
        var singleStream = decode.FirstOrDefault(d => d.Streams == 1);

        var qualityResults = new List<QualityResult>();
        if (quality is not null)
        {
            var questions = await QualityBenchmark.ReadQuestionsAsync(Path.Combine(quality, "questions.jsonl"), limit, cancellationToken);
            foreach (var path in new[] { QualityPath.Extractive, QualityPath.Generated(modelFolder), QualityPath.GeneratedCitedOnly(modelFolder) })
            {
                Say($"quality: {questions.Count} questions from {quality}, {path.Name} ...");
                qualityResults.Add(await QualityBenchmark.RunAsync(root, Path.Combine(quality, "kb"), questions, path, Say, cancellationToken));
            }
        }

        var report = new GenerateReport
        {
            Machine = machine,
            Model = new ModelFacts(model.Name, modelFolder, config.ModelType, config.NumLayers, config.NumAttentionHeads, config.NumKeyValueHeads,
                config.HiddenSize, config.VocabSize, model.MaxLength, model.WeightBytes),
            PromptTokens = prompt.Count,
            NewTokens = newTokens,
            Runs = runs,
            Ttft = new TtftFigures(Statistics.Median(ttftRuns), ttftRuns, torch.TtftMs, Statistics.Ratio(torch.TtftMs, Statistics.Median(ttftRuns))),
            Decode = [.. decode.Select(d => new DecodeFigures(d.Streams, d.TokensPerSecond, d.PerStreamTokensPerSecond, d.RunsTokensPerSecond,
                torch.TokensPerSecond(d.Streams), torch.TokensPerSecond(d.Streams) / d.Streams, Statistics.Ratio(d.TokensPerSecond, torch.TokensPerSecond(d.Streams))))],
            Pytorch = torch,
            GreedyAgreement = GreedyAgreement(engineGreedy, torch.GreedyIds),
            Memory = new MemoryBound(bandwidth.ReadGBps, bandwidth.CopyGBps, model.WeightBytes, kvBytes, bytesPerToken, bound,
                singleStream is null ? null : singleStream.TokensPerSecond / bound),
            Quality = quality is null ? null : new QualityFigures(quality, qualityResults),
            CacheLayout = model.CacheLayout,
            Comparison = comparison,
            EnginePeakMemoryBytes = enginePeakMemory,
            GenAi = GenAiComparison.Of(genAi, Statistics.Median(ttftRuns), decode, engineGreedy),
        };

        ReportTable.Print(report, Console.Out);
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(report, ReportJson), cancellationToken);
        Say($"wrote {outFile}");
        return 0;
    }

    /// <summary>One prefill and one short decode at the largest stream count, so the figures start warm.</summary>
    private static async Task<EngineTimings> WarmUpAsync(LocalModel model, IReadOnlyList<int> prompt, int newTokens, int maxStreams, CancellationToken cancellationToken)
    {
        var engine = new EngineTimings(model, prompt, newTokens);
        Say($"engine ({model.Name}): warming up ...");
        await engine.TimeToFirstTokenAsync(cancellationToken);
        await engine.DecodeAsync(maxStreams, Math.Min(newTokens, 8), cancellationToken);
        return engine;
    }

    /// <summary>
    /// Time to first token and decode rate at each stream count, then one greedy run for the agreement check. With
    /// <paramref name="alongside"/>, each of GenAI's runs follows the engine's run of the same figure, so a drift in
    /// this machine's speed (a shared VM's moves by a third between minutes) falls on both alike.
    /// </summary>
    private static async Task<(List<double> TtftRuns, List<DecodeRate> Decode, IReadOnlyList<int> Greedy, GenAiBaseline? GenAi)> TimeEngineAsync(
        EngineTimings engine, string name, IReadOnlyList<int> streams, int runs, GenAiRunner? alongside, CancellationToken cancellationToken)
    {
        var ttftRuns = new List<double>(runs);
        var genAiTtft = new List<double>(runs);
        for (var run = 0; run < runs; run++)
        {
            ttftRuns.Add(await engine.TimeToFirstTokenAsync(cancellationToken));
            if (alongside is not null)
            {
                genAiTtft.Add(alongside.TimeToFirstToken(cancellationToken));
            }
        }

        var decode = new List<DecodeRate>(streams.Count);
        var genAiDecode = new List<DecodeRate>(streams.Count);
        foreach (var count in streams)
        {
            Say($"engine ({name}){(alongside is null ? string.Empty : " and onnxruntime-genai, run by run")}: decoding {count} stream(s) ...");
            var rates = new List<double>(runs);
            var genAiRates = new List<double>(runs);
            for (var run = 0; run < runs; run++)
            {
                rates.Add(await engine.DecodeTokensPerSecondAsync(count, cancellationToken));
                if (alongside is not null)
                {
                    genAiRates.Add(alongside.DecodeTokensPerSecond(count, cancellationToken));
                }
            }

            decode.Add(DecodeRate.Of(count, rates));
            if (alongside is not null)
            {
                genAiDecode.Add(DecodeRate.Of(count, genAiRates));
            }
        }

        var greedy = await engine.GreedyAsync(cancellationToken);
        return (ttftRuns, decode, greedy, alongside?.Figures(genAiTtft, genAiDecode, alongside.Greedy(cancellationToken)));
    }

    /// <summary>How many leading greedy tokens the engine and PyTorch agree on: a check that both ran the same weights.</summary>
    private static int? GreedyAgreement(IReadOnlyList<int> engine, IReadOnlyList<int> torch)
    {
        if (torch.Count == 0)
        {
            return null;
        }

        var same = 0;
        while (same < engine.Count && same < torch.Count && engine[same] == torch[same])
        {
            same++;
        }

        return same;
    }

    private static void Say(string line) => Console.Error.WriteLine(line);
}

/// <summary>The machine the figures come from, with its one-minute load average at the start (above half the cores: the CPU was shared).</summary>
internal sealed record MachineInfo(int Cores, string Os, string Runtime, string Cpu, string Architecture, double? LoadAverage)
{
    public bool Busy => LoadAverage > Cores * 0.5;

    public static MachineInfo Describe() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        CpuName(),
        RuntimeInformation.ProcessArchitecture.ToString(),
        LoadAverageNow());

    private static double? LoadAverageNow()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg)
            && double.TryParse(File.ReadAllText(loadavg).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
    }

    private static string CpuName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return "unknown CPU";
    }
}

internal sealed record ModelFacts(string Name, string Folder, string Type, int Layers, int Heads, int KvHeads, int Hidden, int Vocab, int Context, long WeightBytes);

internal sealed record TtftFigures(double EngineMs, IReadOnlyList<double> EngineRunsMs, double? PytorchMs, double? Speedup);

internal sealed record DecodeFigures(
    int Streams, double EngineTokensPerS, double EnginePerStreamTokensPerS, IReadOnlyList<double> EngineRunsTokensPerS,
    double? PytorchTokensPerS, double? PytorchPerStreamTokensPerS, double? Speedup);

internal sealed record MemoryBound(
    double ReadGBps, double CopyGBps, long WeightBytes, long KvCacheBytes, long BytesPerToken, double BoundTokensPerS, double? EngineShare);

internal sealed record QualityFigures(string Dataset, IReadOnlyList<QualityResult> Paths);

/// <summary>A second model folder run by the same engine on the same prompt (<c>--compare-model</c>); speed-ups are the main model's over it.</summary>
internal sealed record EngineComparison(
    string Name, string Folder, string CacheLayout, double TtftMs, IReadOnlyList<double> TtftRunsMs, double? TtftSpeedup,
    IReadOnlyList<ComparedDecode> Decode, int? GreedyAgreement);

internal sealed record ComparedDecode(int Streams, double TokensPerS, double? Speedup);

internal sealed record GenerateReport
{
    public required MachineInfo Machine { get; init; }

    public required ModelFacts Model { get; init; }

    public required int PromptTokens { get; init; }

    public required int NewTokens { get; init; }

    public required int Runs { get; init; }

    public required TtftFigures Ttft { get; init; }

    public required IReadOnlyList<DecodeFigures> Decode { get; init; }

    public required TorchBaseline Pytorch { get; init; }

    /// <summary>Leading greedy tokens on which the engine and PyTorch agree (single stream); null without PyTorch.</summary>
    public int? GreedyAgreement { get; init; }

    public required MemoryBound Memory { get; init; }

    public QualityFigures? Quality { get; init; }

    /// <summary>The main model's KV cache layout in the engine (shared-buffer or padded).</summary>
    public required string CacheLayout { get; init; }

    public EngineComparison? Comparison { get; init; }

    /// <summary>Growth of the process's peak resident memory while the engine loaded the model and ran its figures.</summary>
    public long? EnginePeakMemoryBytes { get; init; }

    public required GenAiComparison GenAi { get; init; }
}

/// <summary>onnxruntime-genai on the same model file and prompt; speed-ups are the engine's over it.</summary>
internal sealed record GenAiComparison(
    string? Unavailable, string? Version, double? TtftMs, IReadOnlyList<double> TtftRunsMs, double? TtftSpeedup,
    IReadOnlyList<ComparedDecode> Decode, int? GreedyAgreement, int GreedyCompared, long? PeakMemoryBytes)
{
    public static GenAiComparison Of(GenAiBaseline genAi, double engineTtftMs, IReadOnlyList<DecodeRate> engine, IReadOnlyList<int> engineGreedy)
    {
        ArgumentNullException.ThrowIfNull(genAi);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(engineGreedy);
        return new GenAiComparison(
            genAi.Unavailable, genAi.Version, genAi.TtftMs, genAi.TtftRunsMs, Statistics.Ratio(genAi.TtftMs, engineTtftMs),
            [.. engine.Select(d => genAi.TokensPerSecond(d.Streams) is { } theirs ? new ComparedDecode(d.Streams, theirs, Statistics.Ratio(d.TokensPerSecond, theirs)) : null).OfType<ComparedDecode>()],
            genAi.GreedyIds.Count == 0 ? null : engineGreedy.Zip(genAi.GreedyIds).TakeWhile(pair => pair.First == pair.Second).Count(),
            genAi.GreedyIds.Count,
            genAi.PeakMemoryBytes);
    }
}
