using System.Runtime.InteropServices;

namespace Platform.Inference.Loading;

/// <summary>
/// Finds out whether ONNX Runtime's CUDA provider library can be loaded here, and if not, which dependency is
/// missing (the CUDA runtime, cuBLAS, the driver). ONNX Runtime loads the provider only when a session asks for it
/// and then reports a bare "Failed to load shared library"; loading it ourselves gets the loader's own message.
/// </summary>
internal static partial class CudaProviderLibrary
{
    private const int RtldNow = 2;

    private static readonly string FileName = OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

    /// <summary>Null when the provider library loads; otherwise why it does not, for the log and the start error.</summary>
    public static string? Probe()
    {
        var path = Locate();
        if (path is null)
        {
            return $"{FileName} is not beside the application (a build with -p:OnnxRuntimeFlavor=Cpu, or a trimmed publish)";
        }

        var reason = OperatingSystem.IsLinux() ? LoadOnLinux(path) : LoadElsewhere(path);
        return reason is null
            ? null
            : $"{FileName} cannot be loaded ({reason}); ONNX Runtime {OrtVersion} needs the CUDA 13 runtime, cuBLAS, cuDNN 9 and an NVIDIA driver";
    }

    // .NET's own message leaves out dlerror's text, which is the useful part ("libcublasLt.so.13: cannot open ...").
    private static string? LoadOnLinux(string path)
    {
        // The first call of each import binds it through dlsym, which clears the error state: bind dlerror (and
        // clear any stale error) before the dlopen whose error is wanted.
        _ = DlError();
        var handle = DlOpen(path, RtldNow);
        if (handle != IntPtr.Zero)
        {
            _ = DlClose(handle);
            return null;
        }

        var error = Marshal.PtrToStringUTF8(DlError()) ?? "no reason given";
        var index = error.LastIndexOf(FileName + ": ", StringComparison.Ordinal);
        return index < 0 ? error : error[(index + FileName.Length + 2)..];
    }

    private static string? LoadElsewhere(string path)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return ex.Message;
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlOpen(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "dlclose")]
    private static partial int DlClose(IntPtr handle);

    [LibraryImport("libc.so.6", EntryPoint = "dlerror")]
    private static partial IntPtr DlError();

    private static string OrtVersion => Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString();

    private static string? Locate()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, FileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", FileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", OperatingSystem.IsWindows() ? "win-x64" : "linux-x64", "native", FileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }
}
