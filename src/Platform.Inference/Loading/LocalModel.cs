using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Generation;
using Platform.Inference.Templates;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Loading;

/// <summary>A loaded model folder: the decoding engine, its tokenizer and chat template, and its defaults.</summary>
public sealed partial class LocalModel : IAsyncDisposable
{
    private LocalModel(string name, string folder, string provider, ModelConfig config, GenerationDefaults defaults,
        ModelTokenizer tokenizer, IChatTemplate template, GenerationEngine engine, long weightBytes)
    {
        Name = name;
        Folder = folder;
        ExecutionProvider = provider;
        Config = config;
        Defaults = defaults;
        Tokenizer = tokenizer;
        Template = template;
        Engine = engine;
        WeightBytes = weightBytes;
    }

    /// <summary>The folder's name, which replies record as the model that produced them.</summary>
    public string Name { get; }

    public string Folder { get; }

    public string ExecutionProvider { get; }

    public ModelConfig Config { get; }

    public GenerationDefaults Defaults { get; }

    public ModelTokenizer Tokenizer { get; }

    public IChatTemplate Template { get; }

    /// <summary>Size of <c>model.onnx</c> and its external data: the bytes a decode step reads at least once.</summary>
    public long WeightBytes { get; }

    /// <summary>
    /// How the engine keeps this model's KV cache: <c>shared-buffer</c> (fused attention writes in place) or
    /// <c>padded</c> (standard attention, past + new copied into a new present each step).
    /// </summary>
    public string CacheLayout => Engine.CacheLayout;

    internal GenerationEngine Engine { get; }

    /// <summary>Loads and checks a model folder; every problem becomes a <see cref="ModelLoadException"/> naming the file.</summary>
    public static LocalModel Load(string folder, ModelOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(folder))
        {
            throw new ModelLoadException($"The model folder {folder} does not exist (Platform:Model:Path).");
        }

        var modelPath = Path.Combine(folder, "model.onnx");
        var configPath = Path.Combine(folder, "config.json");
        foreach (var required in new[] { modelPath, configPath })
        {
            if (!File.Exists(required))
            {
                throw new ModelLoadException($"The model folder {folder} has no {Path.GetFileName(required)}.");
            }
        }

        var config = ModelConfig.Parse(File.ReadAllText(configPath), "config.json");
        var generationPath = Path.Combine(folder, "generation_config.json");
        var defaults = File.Exists(generationPath) ? GenerationDefaults.Parse(File.ReadAllText(generationPath), "generation_config.json") : new GenerationDefaults();
        var tokenizer = ModelTokenizer.Load(folder);
        if (tokenizer.Caveat is { } caveat)
        {
            LogTokenizerCaveat(logger, folder, caveat);
        }

        var stop = defaults.EosTokenIds.Concat(config.EosTokenIds).Distinct().ToList();
        var template = ChooseTemplate(folder, tokenizer, stop, options.QuoteWholeFaqEntries, TimeProvider.System);

        var (sessionOptions, provider) = ExecutionProviders.Create(options, logger);
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"{modelPath} could not be loaded by ONNX Runtime: {ex.Message}", ex);
        }
        finally
        {
            sessionOptions.Dispose();
        }

        try
        {
            var maxLength = Math.Min(options.MaxSequenceLength, config.MaxPositions);
            var decoderSession = new DecoderSession(session, config);
            if (provider == ExecutionProviders.Cuda && decoderSession.KvLayout == DecoderSession.SharedBufferLayout)
            {
                LogFusedAttentionOnCuda(logger, folder);
            }

            var decoder = DecoderFactory.Create(decoderSession, options.MaxBatchSize, maxLength);
            var engine = new GenerationEngine(decoder, options.MaxQueueLength, logger);
            var weightBytes = Directory.EnumerateFiles(folder, "model.onnx*").Sum(f => new FileInfo(f).Length);
            return new LocalModel(new DirectoryInfo(folder).Name, folder, provider, config, defaults, tokenizer, template, engine, weightBytes);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Generates token ids straight from prompt ids, below the chat template (benchmarks and tools use this).</summary>
    public IAsyncEnumerable<int> GenerateAsync(IReadOnlyList<int> prompt, SamplingSettings settings, CancellationToken cancellationToken = default) =>
        Engine.GenerateAsync(prompt, settings, cancellationToken);

    /// <summary>The context length the engine serves: the model's, capped by <c>Platform:Model:MaxSequenceLength</c>.</summary>
    public int MaxLength => Engine.MaxLength;

    public ValueTask DisposeAsync() => Engine.DisposeAsync();

    internal static IChatTemplate ChooseTemplate(string folder, ModelTokenizer tokenizer, IReadOnlyCollection<int> stop, bool quoteWholeFaqEntries, TimeProvider clock)
    {
        var configPath = Path.Combine(folder, "tokenizer_config.json");
        string? named = null;
        string? jinja = null;
        if (File.Exists(configPath))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            var root = document.RootElement;
            named = root.TryGetProperty("chat_template_name", out var n) ? n.GetString() : null;
            jinja = root.TryGetProperty("chat_template", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;
        }

        if (named == SupportGptTemplate.TemplateName)
        {
            return new SupportGptTemplate(tokenizer, stop, quoteWholeFaqEntries);
        }

        // Known families by their markers rather than by rendering the Jinja: a template that is neither is refused.
        if (named == Llama3Template.TemplateName || (jinja?.Contains("<|start_header_id|>", StringComparison.Ordinal) == true && jinja.Contains("<|eot_id|>", StringComparison.Ordinal)))
        {
            var cutoff = jinja is null ? null : KnowledgeCutoff().Match(jinja) is { Success: true } match ? match.Groups[1].Value : null;
            return new Llama3Template(tokenizer, stop, cutoff, clock);
        }

        if (named == ChatMlTemplate.TemplateName || jinja?.Contains("<|im_start|>", StringComparison.Ordinal) == true || (jinja is null && tokenizer.TryGetSpecial("<|im_start|>", out _)))
        {
            var emptyThinking = jinja?.Contains("enable_thinking", StringComparison.Ordinal) == true && tokenizer.TryGetSpecial("<think>", out _) && tokenizer.TryGetSpecial("</think>", out _);
            return new ChatMlTemplate(tokenizer, stop, emptyThinking);
        }

        throw new ModelLoadException(jinja is null
            ? $"{folder} names no chat template the engine knows: set tokenizer_config.json 'chat_template_name' to {SupportGptTemplate.TemplateName}, {ChatMlTemplate.TemplateName} or {Llama3Template.TemplateName}."
            : $"{folder}'s tokenizer_config.json chat_template is of no family the engine renders (ChatML as Qwen uses it, Llama 3 headers, {SupportGptTemplate.TemplateName}); set 'chat_template_name' to one of {ChatMlTemplate.TemplateName}, {Llama3Template.TemplateName} if the model follows it.");
    }

    [GeneratedRegex(@"Cutting Knowledge Date: ([^\\""'\n]+)")]
    private static partial Regex KnowledgeCutoff();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Folder}: {Caveat}")]
    private static partial void LogTokenizerCaveat(ILogger logger, string folder, string caveat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Folder}/model.onnx uses fused fp32 attention (GroupQueryAttention), which ONNX Runtime's CUDA provider runs only in fp16, so those nodes run on the CPU. For CUDA, re-export it with standard attention: models/training/recipe.py reexport --model {Folder} --attention standard")]
    private static partial void LogFusedAttentionOnCuda(ILogger logger, string folder);
}
