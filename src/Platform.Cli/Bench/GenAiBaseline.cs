using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Platform.Cli.Bench;

/// <summary>What onnxruntime-genai measured on the same model file and prompt, or why it could not run.</summary>
internal sealed record GenAiBaseline
{
    public string? Unavailable { get; init; }

    public string? Version { get; init; }

    public double? TtftMs { get; init; }

    public IReadOnlyList<double> TtftRunsMs { get; init; } = [];

    public IReadOnlyList<DecodeRate> Decode { get; init; } = [];

    /// <summary>GenAI's greedy continuation of the prompt, stop tokens ignored as in the engine's (see <see cref="GenAiRunner"/>).</summary>
    public IReadOnlyList<int> GreedyIds { get; init; } = [];

    /// <summary>Growth of the process's peak resident memory while GenAI loaded the model and warmed up.</summary>
    public long? PeakMemoryBytes { get; init; }

    public double? TokensPerSecond(int streams) => Decode.FirstOrDefault(d => d.Streams == streams)?.TokensPerSecond;
}

/// <summary>
/// onnxruntime-genai on the same model.onnx (through the folder's genai_config.json), timed the way
/// <see cref="EngineTimings"/> times the engine: greedy, on the CPU provider, ONNX Runtime's default thread count.
/// Its streams are one static batch of equal prompts (GenAI batches only what starts together), so every row
/// decodes from the first step; the engine's streams are separate requests joining its continuous batch.
/// </summary>
internal sealed class GenAiRunner : IDisposable
{
    private readonly Config config;
    private readonly Model model;
    private readonly int[] prompt;
    private readonly int newTokens;
    private readonly long? peakMemory;

    private GenAiRunner(Config config, Model model, int[] prompt, int newTokens, int maxStreams, PeakMemory memory)
    {
        this.config = config;
        this.model = model;
        this.prompt = prompt;
        this.newTokens = newTokens;
        TimeToFirstToken(CancellationToken.None);
        DecodeTokensPerSecond(maxStreams, CancellationToken.None);
        peakMemory = memory.Growth();
    }

    /// <summary>
    /// Loads the folder and warms up at the largest stream count (where GenAI's memory peaks); null, with the
    /// reason, when the folder has no genai_config.json, GenAI cannot load here, or GenAI refuses the model.
    /// The last id of <paramref name="vocabSize"/> stands in for end-of-text, so stop tokens are ignored as in
    /// the engine's figures (the model all but never picks it).
    /// </summary>
    public static GenAiRunner? TryOpen(string modelFolder, int vocabSize, IReadOnlyList<int> prompt, int newTokens, int maxStreams, int threads, out string? why)
    {
        why = File.Exists(Path.Combine(modelFolder, "genai_config.json"))
            ? GenAiRuntime.WhyUnavailable()
            : $"{modelFolder} has no genai_config.json (models/training/recipe.py writes one beside every export)";
        if (why is not null)
        {
            return null;
        }

        Config? config = null;
        Model? model = null;
        try
        {
            var memory = PeakMemory.Start();
            config = new Config(modelFolder);
            config.ClearProviders();
            if (threads > 0)
            {
                config.Overlay($"{{\"model\": {{\"decoder\": {{\"session_options\": {{\"intra_op_num_threads\": {threads}}}}}}}}}");
            }

            config.Overlay($"{{\"model\": {{\"eos_token_id\": {vocabSize - 1}, \"pad_token_id\": {vocabSize - 1}}}}}");

            model = new Model(config);
            return new GenAiRunner(config, model, [.. prompt], newTokens, maxStreams, memory);
        }
        catch (OnnxRuntimeGenAIException e)
        {
            model?.Dispose();
            config?.Dispose();
            why = $"onnxruntime-genai refused {modelFolder}: {e.Message}";
            return null;
        }
    }

    public static string? Version => typeof(GenAiRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OnnxRuntimeGenAIVersion")?.Value;

    public GenAiBaseline Figures(IReadOnlyList<double> ttftRuns, IReadOnlyList<DecodeRate> decode, IReadOnlyList<int> greedy) => new()
    {
        Version = Version,
        TtftMs = Statistics.Median([.. ttftRuns]),
        TtftRunsMs = ttftRuns,
        Decode = decode,
        GreedyIds = greedy,
        PeakMemoryBytes = peakMemory,
    };

    /// <summary>Milliseconds from creating the generator (its KV buffers included) to the first picked token.</summary>
    public double TimeToFirstToken(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        using var parameters = Parameters(1, minLength: 0, prompt.Length + 1);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
        generator.GenerateNextToken();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// Tokens per second of a batch of <paramref name="streams"/> equal prompts, from the first token (every
    /// prefill done) to the last; the end-of-text token is held back so every row runs the full length.
    /// </summary>
    public double DecodeTokensPerSecond(int streams, CancellationToken cancellationToken)
    {
        var length = prompt.Length + newTokens;
        using var parameters = Parameters(streams, minLength: length, length);
        using var generator = new Generator(model, parameters);
        var batch = new int[streams * prompt.Length];
        for (var row = 0; row < streams; row++)
        {
            prompt.CopyTo(batch, row * prompt.Length);
        }

        generator.AppendTokens(batch);
        generator.GenerateNextToken();
        var started = Stopwatch.GetTimestamp();
        var steps = 0;
        while (steps < newTokens - 1 && !generator.IsDone())
        {
            cancellationToken.ThrowIfCancellationRequested();
            generator.GenerateNextToken();
            steps++;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return seconds > 0 ? streams * steps / seconds : 0;
    }

    public IReadOnlyList<int> Greedy(CancellationToken cancellationToken)
    {
        using var parameters = Parameters(1, minLength: 0, prompt.Length + newTokens);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
        while (!generator.IsDone())
        {
            cancellationToken.ThrowIfCancellationRequested();
            generator.GenerateNextToken();
        }

        return [.. generator.GetSequence(0).ToArray().Skip(prompt.Length)];
    }

    public void Dispose()
    {
        model.Dispose();
        config.Dispose();
    }

    private GeneratorParams Parameters(int batch, int minLength, int maxLength)
    {
        var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("batch_size", batch);
        parameters.SetSearchOption("max_length", maxLength);
        parameters.SetSearchOption("min_length", minLength);
        parameters.SetSearchOption("do_sample", false);
        return parameters;
    }
}

/// <summary>
/// How much a stretch of work raised the process's peak resident memory (Linux: VmHWM, reset through
/// /proc/self/clear_refs at the start); null where the kernel does not say.
/// </summary>
internal sealed class PeakMemory
{
    private const string Status = "/proc/self/status";

    private readonly long? baseline;

    private PeakMemory(long? baseline) => this.baseline = baseline;

    public static PeakMemory Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new PeakMemory(null);
        }

        return new PeakMemory(Read("VmRSS:"));
    }

    public long? Growth() => baseline is { } start && Read("VmHWM:") is { } peak ? Math.Max(0, peak - start) : null;

    private static long? Read(string field)
    {
        if (!File.Exists(Status))
        {
            return null;
        }

        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is not null && long.TryParse(line[field.Length..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
            ? kb * 1024
            : null;
    }
}
