using Platform.Data.Models;
using Platform.Domain.Models;
using Platform.TestSupport;

namespace Platform.Data.Tests;

public sealed class ModelVersionStoreTests
{
    [Fact]
    public async Task OneRunTrainsAtATime_OneVersionIsActive_AndARunARestartInterruptedIsFailed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = new ModelVersionStore(database, TimeProvider.System);

        var shipped = await store.RegisterAsync("support-gpt", "models/support-gpt", CancellationToken.None);
        var again = await store.RegisterAsync("support-gpt", "elsewhere", CancellationToken.None);
        var run = await store.StartTrainingAsync("support-gpt-ft-1", "data/models/support-gpt-ft-1", shipped.Id, CancellationToken.None);
        var second = await store.StartTrainingAsync("support-gpt-ft-2", "data/models/support-gpt-ft-2", shipped.Id, CancellationToken.None);
        await store.ActivateAsync(shipped.Id, CancellationToken.None);
        await store.UpdateAsync(run!.Id, v => v.Status = ModelVersionStatus.Ready, CancellationToken.None);
        await store.ActivateAsync(run.Id, CancellationToken.None);
        var third = await store.StartTrainingAsync("support-gpt-ft-3", "data/models/support-gpt-ft-3", run.Id, CancellationToken.None);
        var interrupted = await store.FailInterruptedAsync(CancellationToken.None);

        Assert.Equal(shipped.Id, again.Id);
        Assert.Null(second);
        Assert.Equal(run.Id, (await store.ActiveAsync(CancellationToken.None))!.Id);
        Assert.Single(await store.ListAsync(CancellationToken.None), v => v.IsActive);
        Assert.Equal(1, interrupted);
        var failed = (await store.FindAsync(third!.Id, CancellationToken.None))!;
        Assert.Equal(ModelVersionStatus.Failed, failed.Status);
        Assert.Contains("stopped", failed.Error, StringComparison.Ordinal);
    }
}
