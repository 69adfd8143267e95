using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Platform.Inference.Loading;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Embeddings;

/// <summary>
/// A loaded embedding model folder: an ONNX encoder taking <c>input_ids</c> and <c>attention_mask</c> (int64 [batch, seq])
/// and giving <c>sentence_embedding</c> [batch, dim], or else <c>last_hidden_state</c> [batch, seq, dim], which is
/// mean-pooled over real tokens here. Vectors are always returned L2-normalised.
/// </summary>
public sealed class EmbeddingModel : IDisposable
{
    internal const string SentenceEmbedding = "sentence_embedding";
    internal const string LastHiddenState = "last_hidden_state";

    private readonly InferenceSession _session;
    private readonly string _output;
    private readonly bool _hasTokenTypeIds;

    private EmbeddingModel(string name, string folder, string provider, ModelConfig config, ModelTokenizer tokenizer,
        InferenceSession session, string output, bool hasTokenTypeIds, int padId, int maxLength, int maxBatchSize)
    {
        Name = name;
        Folder = folder;
        ExecutionProvider = provider;
        Config = config;
        Tokenizer = tokenizer;
        _session = session;
        _output = output;
        _hasTokenTypeIds = hasTokenTypeIds;
        PadTokenId = padId;
        MaxLength = maxLength;
        MaxBatchSize = maxBatchSize;
    }

    /// <summary>The folder's name, reported as the embedding model id.</summary>
    public string Name { get; }

    public string Folder { get; }

    public string ExecutionProvider { get; }

    public ModelConfig Config { get; }

    public ModelTokenizer Tokenizer { get; }

    /// <summary>Length of every vector (the model's hidden size).</summary>
    public int Dimensions => Config.HiddenSize;

    /// <summary>Tokens kept per text: <c>Platform:Embeddings:MaxSequenceLength</c> capped by the model's context.</summary>
    public int MaxLength { get; }

    public int MaxBatchSize { get; }

    internal int PadTokenId { get; }

    /// <summary>Loads and checks an embedding model folder; every problem becomes a <see cref="ModelLoadException"/> naming the file.</summary>
    public static EmbeddingModel Load(string folder, EmbeddingOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(folder))
        {
            throw new ModelLoadException($"The embedding model folder {folder} does not exist (Platform:Embeddings:Path).");
        }

        var modelPath = System.IO.Path.Combine(folder, "model.onnx");
        var configPath = System.IO.Path.Combine(folder, "config.json");
        foreach (var required in new[] { modelPath, configPath })
        {
            if (!File.Exists(required))
            {
                throw new ModelLoadException($"The embedding model folder {folder} has no {System.IO.Path.GetFileName(required)}.");
            }
        }

        var configJson = File.ReadAllText(configPath);
        var config = ModelConfig.Parse(configJson, "config.json");
        var padId = ReadPadTokenId(configJson);
        var tokenizer = ModelTokenizer.Load(folder);
        padId ??= tokenizer.TryGetSpecial("<|endoftext|>", out var eos) ? eos : 0;

        var (sessionOptions, provider) = ExecutionProviders.Create(options.ExecutionProvider, options.IntraOpThreads, "Platform:Embeddings:ExecutionProvider", logger);
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
            var inputs = session.InputMetadata.Keys.ToHashSet(StringComparer.Ordinal);
            foreach (var name in new[] { "input_ids", "attention_mask" })
            {
                if (!inputs.Contains(name))
                {
                    throw new ModelLoadException($"{modelPath} has no input '{name}' (it has {string.Join(", ", inputs)}); an embedding model takes input_ids and attention_mask.");
                }
            }

            var hasTokenTypeIds = inputs.Contains("token_type_ids");
            if (inputs.Count != (hasTokenTypeIds ? 3 : 2))
            {
                throw new ModelLoadException($"{modelPath} takes inputs {string.Join(", ", inputs)}; an embedding model takes input_ids, attention_mask and optionally token_type_ids.");
            }

            var outputs = session.OutputMetadata;
            var output = outputs.ContainsKey(SentenceEmbedding) ? SentenceEmbedding
                : outputs.ContainsKey(LastHiddenState) ? LastHiddenState
                : throw new ModelLoadException($"{modelPath} has no output '{SentenceEmbedding}' or '{LastHiddenState}' (it has {string.Join(", ", outputs.Keys)}).");
            var dims = outputs[output].Dimensions;
            var last = dims.Length == 0 ? -1 : dims[^1];
            if (last > 0 && last != config.HiddenSize)
            {
                throw new ModelLoadException($"{modelPath} gives {output} vectors of {last} values but config.json says hidden_size {config.HiddenSize}.");
            }

            var maxLength = Math.Min(options.MaxSequenceLength, config.MaxPositions);
            return new EmbeddingModel(new DirectoryInfo(folder).Name, folder, provider, config, tokenizer, session, output, hasTokenTypeIds,
                padId.Value, maxLength, options.MaxBatchSize);
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
        var ids = new List<int>();
        Tokenizer.EncodePlain(text, ids);
        if (ids.Count > MaxLength)
        {
            ids.RemoveRange(MaxLength, ids.Count - MaxLength);
        }

        if (ids.Count == 0)
        {
            ids.Add(PadTokenId);
        }

        return ids;
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
                if (_output == SentenceEmbedding)
                {
                    output.Slice(r * dim, dim).CopyTo(vector);
                }
                else
                {
                    MeanPool(output.Slice(r * length * dim, length * dim), batch[r].Count, vector);
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
