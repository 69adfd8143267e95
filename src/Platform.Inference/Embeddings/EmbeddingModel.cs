using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Loading;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Embeddings;

/// <summary>
/// A loaded sentence encoder: an ONNX graph taking <c>input_ids</c> and <c>attention_mask</c> (and optionally
/// <c>token_type_ids</c>), int64 [batch, seq], and giving <c>sentence_embedding</c> [batch, dim] or else
/// <c>last_hidden_state</c> [batch, seq, dim], pooled here as the encoder was trained (<see cref="Pooling"/>). It comes
/// from a built-in encoder's resources (<see cref="BuiltInEncoders"/>) or from a folder: <c>model.onnx</c> with
/// <c>vocab.txt</c> (BERT WordPiece, optionally <c>embedding.json</c> naming the pooling and query prefix), or with
/// <c>config.json</c> and a byte-level BPE tokenizer (the self-trained support-embed). Vectors are always L2-normalised.
/// </summary>
public sealed class EmbeddingModel : IDisposable
{
    internal const string SentenceEmbedding = "sentence_embedding";
    internal const string LastHiddenState = "last_hidden_state";

    private readonly InferenceSession _session;
    private readonly string _output;
    private readonly bool _hasTokenTypeIds;

    private EmbeddingModel(string name, string source, string provider, EncoderTokenizer tokenizer, InferenceSession session,
        string output, EmbeddingPooling pooling, bool hasTokenTypeIds, int dimensions, int maxLength, int maxBatchSize, string queryPrefix)
    {
        Name = name;
        Source = source;
        ExecutionProvider = provider;
        Tokenizer = tokenizer;
        _session = session;
        _output = output;
        Pooling = pooling;
        _hasTokenTypeIds = hasTokenTypeIds;
        Dimensions = dimensions;
        MaxLength = maxLength;
        MaxBatchSize = maxBatchSize;
        QueryPrefix = queryPrefix;
    }

    /// <summary>The model id vectors are stored under: the built-in encoder's name or the folder's name.</summary>
    public string Name { get; }

    /// <summary>Where it was loaded from (a folder, or the DLL a built-in encoder was read from).</summary>
    public string Source { get; }

    public string ExecutionProvider { get; }

    public EncoderTokenizer Tokenizer { get; }

    public EmbeddingPooling Pooling { get; }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Tokens kept per text: <c>Platform:Embeddings:MaxSequenceLength</c> capped by the model's context.</summary>
    public int MaxLength { get; }

    public int MaxBatchSize { get; }

    /// <summary>Put before a search query (not before a passage) for encoders trained with an instruction; empty for the others.</summary>
    public string QueryPrefix { get; }

    internal int PadTokenId => Tokenizer.PadId;

    /// <summary>Reads a built-in encoder from its DLL; every problem becomes a <see cref="ModelLoadException"/> saying what is wrong.</summary>
    public static EmbeddingModel LoadBuiltIn(BuiltInEncoder encoder, string assemblyPath, EmbeddingOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(options);
        var (model, vocab) = BuiltInEncoders.ReadResources(encoder, assemblyPath);
        using var vocabStream = new MemoryStream(vocab, writable: false);
        var tokenizer = WordPieceEncoderTokenizer.Load(vocabStream, encoder.VocabResource);
        return Create(encoder.Name, assemblyPath, $"{encoder.ModelResource} in {assemblyPath}", options, logger, tokenizer,
            (o, provider) => provider == ExecutionProviders.Cpu && options.Int8Weights
                ? (new InferenceSession(Int8Weights.Quantize(model).Model, o), true)
                : (new InferenceSession(model, o), false),
            encoder.Pooling, encoder.QueryPrefix, encoder.MaxPositions, configHidden: null);
    }

    /// <summary>Loads and checks an embedding model folder; every problem becomes a <see cref="ModelLoadException"/> naming the file.</summary>
    public static EmbeddingModel Load(string folder, EmbeddingOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(folder))
        {
            throw new ModelLoadException($"The embedding model folder {folder} does not exist (Platform:Embeddings:Path).");
        }

        var modelPath = System.IO.Path.Combine(folder, "model.onnx");
        if (!File.Exists(modelPath))
        {
            throw new ModelLoadException($"The embedding model folder {folder} has no model.onnx.");
        }

        var name = new DirectoryInfo(folder).Name;
        var configPath = System.IO.Path.Combine(folder, "config.json");
        var vocabPath = System.IO.Path.Combine(folder, "vocab.txt");
        if (!File.Exists(configPath) && File.Exists(vocabPath))
        {
            var settings = FolderSettings.Read(System.IO.Path.Combine(folder, "embedding.json"));
            using var vocab = File.OpenRead(vocabPath);
            var wordPiece = WordPieceEncoderTokenizer.Load(vocab, vocabPath);
            return Create(name, folder, modelPath, options, logger, wordPiece, (o, _) => (new InferenceSession(modelPath, o), false),
                settings.Pooling, settings.QueryPrefix, settings.MaxPositions, configHidden: null);
        }

        if (!File.Exists(configPath))
        {
            throw new ModelLoadException($"The embedding model folder {folder} has no config.json (a self-trained encoder) or vocab.txt (a BERT WordPiece encoder).");
        }

        var configJson = File.ReadAllText(configPath);
        var config = ModelConfig.Parse(configJson, "config.json");
        var padId = ReadPadTokenId(configJson);
        var bpe = ModelTokenizer.Load(folder);
        padId ??= bpe.TryGetSpecial("<|endoftext|>", out var eos) ? eos : 0;
        return Create(name, folder, modelPath, options, logger, new BpeEncoderTokenizer(bpe, padId.Value), (o, _) => (new InferenceSession(modelPath, o), false),
            EmbeddingPooling.Mean, string.Empty, config.MaxPositions, config.HiddenSize);
    }

    private static EmbeddingModel Create(string name, string source, string graphName, EmbeddingOptions options, ILogger logger,
        EncoderTokenizer tokenizer, Func<SessionOptions, string, (InferenceSession Session, bool Int8)> open, EmbeddingPooling pooling, string queryPrefix, int maxPositions, int? configHidden)
    {
        var (sessionOptions, provider) = ExecutionProviders.Create(options.ExecutionProvider, options.IntraOpThreads, "Platform:Embeddings:ExecutionProvider", logger);
        InferenceSession session;
        int maxBatchSize;
        try
        {
            (session, var int8) = open(sessionOptions, provider);

            // Int8 matrix products quantise their activations with one scale per run, so a text batched with others
            // (and their padding) got a vector up to 0.013 in cosine away from the same text alone: a chunk's vector
            // depended on which chunks happened to be embedded with it, and a query (always alone) was measured
            // against vectors made differently. One text per run makes every vector a function of its text only; it
            // was also faster on the sample knowledge base (no padding), and ingestion stayed above 30 chunks/s.
            maxBatchSize = int8 ? 1 : options.MaxBatchSize;
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"{graphName} could not be loaded by ONNX Runtime: {ex.Message}", ex);
        }
        finally
        {
            sessionOptions.Dispose();
        }

        try
        {
            var inputs = session.InputMetadata.Keys.ToHashSet(StringComparer.Ordinal);
            foreach (var input in new[] { "input_ids", "attention_mask" })
            {
                if (!inputs.Contains(input))
                {
                    throw new ModelLoadException($"{graphName} has no input '{input}' (it has {string.Join(", ", inputs)}); an embedding model takes input_ids and attention_mask.");
                }
            }

            var hasTokenTypeIds = inputs.Contains("token_type_ids");
            if (inputs.Count != (hasTokenTypeIds ? 3 : 2))
            {
                throw new ModelLoadException($"{graphName} takes inputs {string.Join(", ", inputs)}; an embedding model takes input_ids, attention_mask and optionally token_type_ids.");
            }

            var outputs = session.OutputMetadata;
            var output = outputs.ContainsKey(SentenceEmbedding) && pooling != EmbeddingPooling.Cls ? SentenceEmbedding
                : outputs.ContainsKey(LastHiddenState) ? LastHiddenState
                : throw new ModelLoadException($"{graphName} has no output '{SentenceEmbedding}' or '{LastHiddenState}' (it has {string.Join(", ", outputs.Keys)}).");
            var dims = outputs[output].Dimensions;
            var last = dims.Length == 0 ? -1 : dims[^1];
            if (configHidden is { } hidden && last > 0 && last != hidden)
            {
                throw new ModelLoadException($"{graphName} gives {output} vectors of {last} values but config.json says hidden_size {hidden}.");
            }

            var dimensions = configHidden ?? (last > 0 ? last : throw new ModelLoadException($"{graphName} does not say how long its {output} vectors are."));
            var maxLength = Math.Min(options.MaxSequenceLength, maxPositions);
            return new EmbeddingModel(name, source, provider, tokenizer, session, output, output == SentenceEmbedding ? EmbeddingPooling.Graph : pooling,
                hasTokenTypeIds, (int)dimensions, maxLength, maxBatchSize, queryPrefix);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Token ids of a text as the model sees it: plain text (special-token strings are not honoured), cut to <see cref="MaxLength"/>, never empty.</summary>
    public List<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenizer.Encode(text, MaxLength);
    }

    /// <summary>Runs one right-padded batch and writes each row's normalised vector; ONNX Runtime stops when the token is cancelled.</summary>
    internal void Run(IReadOnlyList<List<int>> batch, Span<float[]> into, CancellationToken cancellationToken)
    {
        var rows = batch.Count;
        var length = batch.Max(ids => ids.Count);
        var ids = new long[rows * length];
        var mask = new long[rows * length];
        Array.Fill(ids, PadTokenId);
        for (var r = 0; r < rows; r++)
        {
            var row = batch[r];
            for (var t = 0; t < row.Count; t++)
            {
                ids[(r * length) + t] = row[t];
                mask[(r * length) + t] = 1;
            }
        }

        long[] shape = [rows, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _hasTokenTypeIds ? OrtValue.CreateTensorValueFromMemory(new long[rows * length], shape) : null;
        var names = _hasTokenTypeIds ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
        var values = _hasTokenTypeIds ? new[] { idsValue, maskValue, typesValue! } : [idsValue, maskValue];

        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, runOptions);
        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            results = _session.Run(runOptions, names, values, [_output]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        using (results)
        {
            var output = results[0].GetTensorDataAsSpan<float>();
            var dim = Dimensions;
            for (var r = 0; r < rows; r++)
            {
                var vector = new float[dim];
                switch (Pooling)
                {
                    case EmbeddingPooling.Graph:
                        output.Slice(r * dim, dim).CopyTo(vector);
                        break;
                    case EmbeddingPooling.Cls:
                        output.Slice(r * length * dim, dim).CopyTo(vector);
                        break;
                    default:
                        MeanPool(output.Slice(r * length * dim, length * dim), batch[r].Count, vector);
                        break;
                }

                Normalize(vector);
                into[r] = vector;
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private static void MeanPool(ReadOnlySpan<float> hidden, int realTokens, float[] into)
    {
        var dim = into.Length;
        for (var t = 0; t < realTokens; t++)
        {
            var row = hidden.Slice(t * dim, dim);
            for (var d = 0; d < dim; d++)
            {
                into[d] += row[d];
            }
        }

        for (var d = 0; d < dim; d++)
        {
            into[d] /= realTokens;
        }
    }

    private static void Normalize(float[] vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += (double)v * v;
        }

        var norm = (float)Math.Max(Math.Sqrt(sum), 1e-12);
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] /= norm;
        }
    }

    private static int? ReadPadTokenId(string configJson)
    {
        using var document = JsonDocument.Parse(configJson);
        return document.RootElement.TryGetProperty("pad_token_id", out var pad) && pad.ValueKind == JsonValueKind.Number ? pad.GetInt32() : null;
    }
}
