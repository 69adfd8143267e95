using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Inference.Embeddings;
using Platform.Inference.Loading;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

[Collection(TinyEmbeddingCollection.Name)]
public sealed class EmbeddingModelLoadingTests(TinyEmbeddingModel tiny)
{
    [Fact]
    public void MissingFolder_IsNamed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platform-tests", "no-such-embedder-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<ModelLoadException>(() => EmbeddingModel.Load(folder, TinyEmbeddingModel.Options(), NullLogger.Instance));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist (Platform:Embeddings:Path)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.onnx", "not an onnx graph", "could not be loaded by ONNX Runtime")]
    [InlineData("config.json", "{ \"model_type\": ", "config.json is not valid JSON")]
    [InlineData("config.json", "{ \"model_type\": \"support-embed\", \"num_attention_heads\": 2 }", "config.json has no 'vocab_size'")]
    [InlineData("vocab.json", "[1, 2", "tokenizer files")]
    public void CorruptFile_GivesAnErrorNamingTheFile(string file, string content, string expected)
    {
        var copy = ModelFolders.Copy(tiny.Folder);
        File.WriteAllText(Path.Combine(copy, file), content);

        var error = Assert.Throws<ModelLoadException>(() => EmbeddingModel.Load(copy, TinyEmbeddingModel.Options(), NullLogger.Instance));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("config.json")]
    public void MissingFile_IsNamed(string file)
    {
        var copy = ModelFolders.Copy(tiny.Folder);
        File.Delete(Path.Combine(copy, file));

        var error = Assert.Throws<ModelLoadException>(() => EmbeddingModel.Load(copy, TinyEmbeddingModel.Options(), NullLogger.Instance));

        Assert.Contains($"has no {file}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HiddenSizeThatDisagreesWithTheGraph_IsRefused()
    {
        var copy = ModelFolders.Copy(tiny.Folder);
        var config = Path.Combine(copy, "config.json");
        var hidden = tiny.Load().Dimensions;
        File.WriteAllText(config, File.ReadAllText(config).Replace($"\"hidden_size\": {hidden}", $"\"hidden_size\": {hidden * 2}", StringComparison.Ordinal));

        var error = Assert.Throws<ModelLoadException>(() => EmbeddingModel.Load(copy, TinyEmbeddingModel.Options(), NullLogger.Instance));

        Assert.Contains($"hidden_size {hidden * 2}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenFolder_LeavesTheHostUp_WithNoGeneratorAndTheReason()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platform-tests", "no-such-embedder-" + Guid.NewGuid().ToString("N"));
        using var host = new EmbeddingModelHost(Options.Create(TinyEmbeddingModel.Options(path: folder)), new TestEnvironment(), NullLogger<EmbeddingModelHost>.Instance);

        await host.StartAsync(CancellationToken.None);

        Assert.True(host.IsConfigured);
        Assert.Null(host.Generator);
        Assert.Contains("does not exist", host.LoadError, StringComparison.Ordinal);
    }

    [NoCudaFact]
    public async Task CudaAskedForByName_FailsTheStart_WhenThisBuildHasNoCuda()
    {
        var cuda = TinyEmbeddingModel.Options(path: tiny.Folder);
        cuda.ExecutionProvider = "cuda";
        using var host = new EmbeddingModelHost(Options.Create(cuda), new TestEnvironment(), NullLogger<EmbeddingModelHost>.Instance);

        var error = await Assert.ThrowsAsync<ExecutionProviderUnavailableException>(() => host.StartAsync(CancellationToken.None));

        Assert.Contains("Platform:Embeddings:ExecutionProvider is 'cuda'", error.Message, StringComparison.Ordinal);
        Assert.Null(host.Generator);
        Assert.Equal(error.Message, host.LoadError);

        var auto = TinyEmbeddingModel.Options(path: tiny.Folder);
        auto.ExecutionProvider = "auto";
        using var automatic = new EmbeddingModelHost(Options.Create(auto), new TestEnvironment(), NullLogger<EmbeddingModelHost>.Instance);
        await automatic.StartAsync(CancellationToken.None);
        Assert.Equal("cpu", automatic.Generator!.Model.ExecutionProvider);
    }

    [Fact]
    public async Task AddInference_ResolvesTheBuiltInEncoderByDefault_AFolderWhenOneIsSet_AndNoneWhenOffOrBroken()
    {
        using (var none = await BuildAsync(null, model: "none"))
        {
            Assert.Null(none.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
            Assert.False(none.Services.GetRequiredService<EmbeddingModelHost>().IsConfigured);
        }

        using (var builtIn = await BuildAsync(null))
        {
            Assert.Null(builtIn.Services.GetRequiredService<EmbeddingModelHost>().LoadError);
            var generator = Assert.IsType<LocalEmbeddingGenerator>(builtIn.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
            Assert.Equal(BuiltInEncoders.ArcticEmbedXs, generator.Model.Name);
        }

        using (var broken = await BuildAsync(Path.Combine(Path.GetTempPath(), "platform-tests", "missing-" + Guid.NewGuid().ToString("N"))))
        {
            Assert.Null(broken.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
            Assert.Contains("does not exist", broken.Services.GetRequiredService<EmbeddingModelHost>().LoadError, StringComparison.Ordinal);
        }

        using var loaded = await BuildAsync(tiny.Folder);
        var loadedGenerator = loaded.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.NotNull(loadedGenerator);
        Assert.Null(loaded.Services.GetRequiredService<EmbeddingModelHost>().LoadError);
        var vector = await loadedGenerator.GenerateVectorAsync("where is my order");
        Assert.Equal(tiny.Load().Dimensions, vector.Length);
    }

    private static async Task<IHost> BuildAsync(string? path, string? model = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Embeddings:Path"] = path,
            ["Platform:Embeddings:Model"] = model,
            ["Platform:Embeddings:ExecutionProvider"] = "cpu",
            ["Platform:Embeddings:IntraOpThreads"] = "1",
        });
        builder.AddInference();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
