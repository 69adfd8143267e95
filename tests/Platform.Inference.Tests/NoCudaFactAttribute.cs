using Platform.Inference.Loading;

namespace Platform.Inference.Tests;

/// <summary>
/// A fact about how a start fails where CUDA is missing: skipped on a machine whose CUDA provider library loads, where
/// asking for 'cuda' by name rightly succeeds.
/// </summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (CudaProviderLibrary.Probe() is null)
        {
            Skip = "This machine loads ONNX Runtime's CUDA provider, so 'cuda' starts; the missing-CUDA error is proven on machines without it.";
        }
    }
}
