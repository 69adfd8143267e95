using System.Diagnostics;
using Microsoft.Extensions.AI;
using Platform.Inference.Generation;

namespace Platform.Inference.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class GenerationEngineTests(TinyModels models)
{
    [Theory]
    [MemberData(nameof(TinyModels.Architectures), MemberType = typeof(TinyModels))]
    public async Task BatchedDecoding_EqualsDecodingOneSequenceAtATime(string architecture)
    {
        var prompts = models.Reference(architecture).Select(r => r.InputIds).ToList();
        var settings = new SamplingSettings { MaxNewTokens = 20 };
        List<int>[] single;
        await using (var one = models.Load(architecture, maxBatch: 1))
        {
            single = new List<int>[prompts.Count];
            for (var i = 0; i < prompts.Count; i++)
            {
                single[i] = await one.Engine.GenerateAsync(prompts[i], settings).ToListAsync();
            }
        }

        await using var batched = models.Load(architecture, maxBatch: 4);

        // Staggered starts and different lengths make rows join and leave a running batch.
        var tasks = prompts.Select(async (prompt, i) =>
        {
            await Task.Delay(i % 3 * 5);
            return await batched.Engine.GenerateAsync(prompt, settings with { MaxNewTokens = 20 - (i % 4) }).ToListAsync();
        }).ToList();
        var results = await Task.WhenAll(tasks);
        for (var i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(single[i].Take(20 - (i % 4)), results[i]);
        }
    }

    [Fact]
    public async Task Cancellation_StopsTheSequenceWithinOneStep()
    {
        await using var model = models.Load(TinyModels.Llama);
        var prompt = models.Reference(TinyModels.Llama)[0].InputIds;
        using var cancellation = new CancellationTokenSource();
        var received = 0;
        var cancelledAt = -1;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var token in model.Engine.GenerateAsync(prompt, new SamplingSettings { MaxNewTokens = 100 }, cancellation.Token))
            {
                received++;
                if (received == 3)
                {
                    cancelledAt = received;
                    await cancellation.CancelAsync();
                }
            }
        });
        Assert.Equal(3, cancelledAt);
        Assert.True(received <= cancelledAt + 1, $"{received - cancelledAt} tokens arrived after cancelling");

        // The engine is still healthy for the next request.
        var next = await model.Engine.GenerateAsync(prompt, new SamplingSettings { MaxNewTokens = 4 }).ToListAsync();
        Assert.Equal(4, next.Count);
    }

    [Fact]
    public async Task SeededSampling_IsRepeatable_AndTopKOfOneIsGreedy()
    {
        await using var model = models.Load(TinyModels.Llama);
        var prompt = models.Reference(TinyModels.Llama)[1].InputIds;
        var sampled = new SamplingSettings { Temperature = 1.2f, TopP = 0.95f, MaxNewTokens = 16, Seed = 7 };
        var first = await model.Engine.GenerateAsync(prompt, sampled).ToListAsync();
        var second = await model.Engine.GenerateAsync(prompt, sampled).ToListAsync();
        Assert.Equal(first, second);

        var greedy = await model.Engine.GenerateAsync(prompt, new SamplingSettings { MaxNewTokens = 16 }).ToListAsync();
        var topOne = await model.Engine.GenerateAsync(prompt, new SamplingSettings { Temperature = 5f, TopK = 1, MaxNewTokens = 16, Seed = 3 }).ToListAsync();
        Assert.Equal(greedy, topOne);
    }

    [Fact]
    public async Task ChatClient_StreamsText_AndStopsAtAStopSequence()
    {
        await using var host = await TestHosts.WithModelAsync(models.Folder(TinyModels.Llama));
        using var client = new LocalChatClient(host.Host);
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Answer from the passages.\n\n[1] Shop > Returns\nYou can return items within 30 days. Refunds take 5 days.\n"),
            new(ChatRole.User, "how do returns work"),
        ];
        var options = new ChatOptions { MaxOutputTokens = 24 };
        var full = await client.GetResponseAsync(messages, options);
        Assert.False(string.IsNullOrEmpty(full.Text));
        Assert.NotNull(full.Usage);
        Assert.True(full.Usage!.OutputTokenCount > 0);

        var stop = full.Text.Length > 4 ? full.Text.Substring(full.Text.Length / 2, 2) : null;
        if (stop is not null)
        {
            var cut = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 24, StopSequences = [stop] });
            Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        }
    }

    [Fact]
    public async Task UnloadingTheModel_EndsEveryStreamInFlight_InsteadOfLeavingItWaiting()
    {
        var model = models.Load(TinyModels.Llama, maxBatch: 2);
        var prompt = models.Reference(TinyModels.Llama)[0].InputIds;
        var settings = new SamplingSettings { MaxNewTokens = 10_000 };
        var streams = Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await foreach (var token in model.Engine.GenerateAsync(prompt, settings))
                {
                }

                return "completed";
            }
            catch (ObjectDisposedException)
            {
                return "unloaded";
            }
        }).ToList();

        await model.DisposeAsync();
        var endings = await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("unloaded", endings);
    }

    [Fact]
    public async Task AThousandGenerationsInARow_DoNotGrowMemory()
    {
        await using var model = models.Load(TinyModels.Llama);
        var prompt = models.Reference(TinyModels.Llama)[0].InputIds;
        var settings = new SamplingSettings { MaxNewTokens = 8 };
        async Task RunAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await foreach (var _ in model.Engine.GenerateAsync(prompt, settings))
                {
                }
            }
        }

        await RunAsync(100);
        var (managedBefore, privateBefore) = Measure();
        await RunAsync(1000);
        var (managedAfter, privateAfter) = Measure();

        Assert.True(managedAfter - managedBefore < 4 << 20, $"managed heap grew by {(managedAfter - managedBefore) >> 10} KiB");
        Assert.True(privateAfter - privateBefore < 24 << 20, $"process memory grew by {(privateAfter - privateBefore) >> 10} KiB");
    }

    private static (long Managed, long Private) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.PrivateMemorySize64);
    }
}
