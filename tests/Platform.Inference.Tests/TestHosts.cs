using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Platform.Inference.Tests;

/// <summary>A <see cref="LocalModelHost"/> started the way the server starts it, over a given folder.</summary>
internal sealed class TestHosts : IAsyncDisposable
{
    private TestHosts(LocalModelHost host) => Host = host;

    public LocalModelHost Host { get; }

    public static async Task<TestHosts> WithModelAsync(string folder, string provider = "cpu", bool quoteWholeFaqEntries = true)
    {
        var host = new LocalModelHost(
            Options.Create(new ModelOptions { Path = folder, ExecutionProvider = provider, IntraOpThreads = 1, QuoteWholeFaqEntries = quoteWholeFaqEntries }),
            new Environment(),
            NullLogger<LocalModelHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        return new TestHosts(host);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
