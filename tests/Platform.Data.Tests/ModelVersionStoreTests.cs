using Platform.Data.Models;
using Platform.Domain.Models;
using Platform.TestSupport;

namespace Platform.Data.Tests;

public sealed class ModelVersionStoreTests
{
    [Fact]
    public async Task OneRunTrainsAtATime_OneVersionIsActive_AndARunWhoseLeaseRanOutIsFailed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var store = new ModelVersionStore(database, clock);

        var shipped = await store.RegisterAsync("support-gpt", "models/support-gpt", CancellationToken.None);
        var again = await store.RegisterAsync("support-gpt", "elsewhere", CancellationToken.None);
        var run = await store.StartTrainingAsync("support-gpt-ft-1", "data/models/support-gpt-ft-1", shipped.Id, CancellationToken.None);
        var second = await store.StartTrainingAsync("support-gpt-ft-2", "data/models/support-gpt-ft-2", shipped.Id, CancellationToken.None);
        await store.ActivateAsync(shipped.Id, CancellationToken.None);
        await store.UpdateAsync(run!.Id, v => v.Status = ModelVersionStatus.Ready, CancellationToken.None);
        await store.ActivateAsync(run.Id, CancellationToken.None);
        var third = await store.StartTrainingAsync("support-gpt-ft-3", "data/models/support-gpt-ft-3", run.Id, CancellationToken.None);
        // Its node holds it (another node starting now must not fail it); once the lease runs out unrenewed, it is abandoned.
        var whileHeld = await store.FailInterruptedAsync(CancellationToken.None);
        clock.Advance(Platform.Domain.Leases.Term + TimeSpan.FromSeconds(1));
        var interrupted = await store.FailInterruptedAsync(CancellationToken.None);

        Assert.Equal(shipped.Id, again.Id);
        Assert.Null(second);
        Assert.Equal(run.Id, (await store.ActiveAsync(CancellationToken.None))!.Id);
        Assert.Single(await store.ListAsync(CancellationToken.None), v => v.IsActive);
        Assert.Equal(0, whileHeld);
        Assert.Equal(1, interrupted);
        var failed = (await store.FindAsync(third!.Id, CancellationToken.None))!;
        Assert.Equal(ModelVersionStatus.Failed, failed.Status);
        Assert.Contains("stopped", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoNodesStartingARunAtOnce_OnlyOneTrains()
    {
        await using var database = await TestDatabase.CreateAsync();
        var nodeA = new ModelVersionStore(database, TimeProvider.System);
        var nodeB = new ModelVersionStore(database, TimeProvider.System);
        var shipped = await nodeA.RegisterAsync("support-gpt", "models/support-gpt", CancellationToken.None);

        for (var round = 0; round < 5; round++)
        {
            var started = await Task.WhenAll(
                Task.Run(() => nodeA.StartTrainingAsync($"a-{round}", $"data/models/a-{round}", shipped.Id, CancellationToken.None)),
                Task.Run(() => nodeB.StartTrainingAsync($"b-{round}", $"data/models/b-{round}", shipped.Id, CancellationToken.None)));

            var training = Assert.Single(started, v => v is not null)!;
            await nodeA.UpdateAsync(training.Id, v => v.Status = ModelVersionStatus.Ready, CancellationToken.None);
        }
    }
}
