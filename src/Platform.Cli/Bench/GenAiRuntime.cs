using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Platform.Cli.Bench;

/// <summary>
/// Makes onnxruntime-genai loadable in this process: its native library lives in <c>genai/</c> beside the app (see
/// Platform.Cli.csproj) and finds ONNX Runtime by the library name the engine has already loaded, so both run on the
/// one ONNX Runtime build, with no second copy of it.
/// </summary>
internal static class GenAiRuntime
{
    // A DllImport resolver can be set once per assembly and process; the first caller sets it, later ones read why.
    private static readonly Lazy<string?> Unavailable = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Null when onnxruntime-genai can run here; otherwise why not.</summary>
    public static string? WhyUnavailable() => Unavailable.Value;

    private static string? Prepare()
    {
        var name = OperatingSystem.IsWindows() ? "onnxruntime-genai.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime-genai.dylib" : "libonnxruntime-genai.so";
        var path = Path.Combine(AppContext.BaseDirectory, "genai", name);
        if (!File.Exists(path))
        {
            return $"{path} is missing (Platform.Cli copies it from the Microsoft.ML.OnnxRuntimeGenAI package at build)";
        }

        // ONNX Runtime first: onnxruntime-genai binds to the libonnxruntime already in the process.
        _ = OrtEnv.Instance();
        IntPtr native;
        try
        {
            native = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            return $"{path} could not be loaded: {e.Message}";
        }

        NativeLibrary.SetDllImportResolver(typeof(Model).Assembly, (library, _, _) =>
            library.Contains("onnxruntime-genai", StringComparison.Ordinal) ? native : IntPtr.Zero);
        return null;
    }
}
