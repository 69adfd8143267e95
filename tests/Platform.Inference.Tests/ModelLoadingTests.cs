using Microsoft.Extensions.AI;
using Platform.Inference.Loading;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class ModelLoadingTests(TinyModels models)
{
    [Fact]
    public async Task MissingFolder_LeavesTheHostUpWithAClearReason_AndTheClientRefuses()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platform-tests", "no-such-model-" + Guid.NewGuid().ToString("N"));
        await using var host = await TestHosts.WithModelAsync(folder);

        Assert.Null(host.Host.Model);
        Assert.Contains("does not exist", host.Host.LoadError, StringComparison.Ordinal);
        using var client = new LocalChatClient(host.Host);
        var refused = await Assert.ThrowsAsync<ModelUnavailableException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
        Assert.Contains(folder, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.onnx", "not an onnx graph", "could not be loaded by ONNX Runtime")]
    [InlineData("config.json", "{ \"model_type\": ", "config.json is not valid JSON")]
    [InlineData("config.json", "{ \"model_type\": \"llama\", \"num_attention_heads\": 4 }", "config.json has no 'vocab_size'")]
    [InlineData("vocab.json", "[1, 2", "tokenizer files")]
    public async Task CorruptFile_GivesAnErrorNamingTheFile(string file, string content, string expected)
    {
        var copy = ModelFolders.Copy(models.Folder(TinyModels.Llama));
        await File.WriteAllTextAsync(Path.Combine(copy, file), content);
        await using var host = await TestHosts.WithModelAsync(copy);

        Assert.Null(host.Host.Model);
        Assert.Contains(expected, host.Host.LoadError, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModelFile_IsNamed()
    {
        var copy = ModelFolders.Copy(models.Folder(TinyModels.Llama));
        File.Delete(Path.Combine(copy, "model.onnx"));
        var error = Assert.Throws<ModelLoadException>(() => LocalModel.Load(copy, new ModelOptions { ExecutionProvider = "cpu" }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        Assert.Contains("has no model.onnx", error.Message, StringComparison.Ordinal);
    }

    [NoCudaFact]
    public async Task CudaAskedForByName_FailsTheStart_WithTheMissingLibrary_WhenTheMachineHasNoCuda()
    {
        // The default build carries the CUDA provider, but this machine has no CUDA libraries: auto falls back, cuda
        // must not, and the error names what the provider library could not find.
        var error = await Assert.ThrowsAsync<ExecutionProviderUnavailableException>(() => TestHosts.WithModelAsync(models.Folder(TinyModels.Llama), "cuda"));
        Assert.Contains("'cuda'", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"providers_cuda\.so cannot be loaded \(lib[a-zA-Z]+\.so[.0-9]*: cannot open shared object file", error.Message);

        await using var automatic = await TestHosts.WithModelAsync(models.Folder(TinyModels.Llama), "auto");
        Assert.Equal("cpu", automatic.Host.Model!.ExecutionProvider);
    }
}
