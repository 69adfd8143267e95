namespace Platform.Knowledge.Jobs;

/// <summary>Wakes the <see cref="IngestionWorker"/> when a job arrives, so it need not poll the database.</summary>
public sealed class IngestionSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Notify()
    {
        // At most one wake-up is pending; the worker drains every queued item once it is awake.
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _pending.Dispose();
}
