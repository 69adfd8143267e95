using Microsoft.Extensions.AI;
using Platform.Inference.Generation;
using Platform.Inference.Loading;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>Promoting another model version while replies are generating: none is cut, new ones use the new model.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ModelSwapTests(TinyModels models)
{
    private static readonly ChatMessage[] Messages =
    [
        new(ChatRole.System, "Answer from the passages.\n\n[1] Shop > Returns\nYou can return items within 30 days. Refunds take 5 days.\n"),
        new(ChatRole.User, "how do returns work"),
    ];

    [Fact]
    public async Task Activate_LetsAReplyInFlightFinishOnItsModel_ThenUnloadsIt_AndNewRepliesUseTheNewModel()
    {
        await using var host = await TestHosts.WithModelAsync(models.Folder(TinyModels.Llama));
        using var client = new LocalChatClient(host.Host);
        var first = host.Host.Model!;

        // Both tiny models sit in folders named "model": a copy under another name tells the two apart by model id.
        var other = Path.Combine(Path.GetTempPath(), "platform-tests", $"swap-{Guid.NewGuid():N}", "other-version");
        ModelFolders.Copy(models.Folder(TinyModels.Gpt2), other);

        // A reply starts on the first model and is mid-stream when the other version is activated.
        await using var stream = client.GetStreamingResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 48 }).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        var second = await host.Host.ActivateAsync(other, CancellationToken.None);
        // The rest of the stream runs on the first model: an unloaded engine would throw ObjectDisposedException here.
        while (await stream.MoveNextAsync())
        {
        }

        var next = await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 8 });

        Assert.NotSame(first, second);
        Assert.Same(second, host.Host.Model);
        Assert.Equal(second.Name, next.ModelId);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var token in first.Engine.GenerateAsync([1, 2, 3], new SamplingSettings { MaxNewTokens = 2 }, CancellationToken.None))
            {
            }
        });
    }

    [Fact]
    public async Task Activate_ABrokenFolder_ThrowsAndKeepsTheCurrentModel()
    {
        await using var host = await TestHosts.WithModelAsync(models.Folder(TinyModels.Llama));
        var current = host.Host.Model!;
        var broken = Path.Combine(Path.GetTempPath(), "platform-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(broken);

        await Assert.ThrowsAsync<ModelLoadException>(() => host.Host.ActivateAsync(broken, CancellationToken.None));

        Assert.Same(current, host.Host.Model);
        using var client = new LocalChatClient(host.Host);
        Assert.False(string.IsNullOrEmpty((await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 8 })).ModelId));
    }
}
