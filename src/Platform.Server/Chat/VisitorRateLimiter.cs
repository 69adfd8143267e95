using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Platform.Server.Hosting;

namespace Platform.Server.Chat;

/// <summary>
/// One budget of messages per visitor per minute, shared by the REST endpoint and the hub: in process on one node
/// (<see cref="VisitorRateLimiter"/>), in Redis across nodes (<see cref="ScaleOut.RedisVisitorRateLimiter"/>).
/// </summary>
internal interface IVisitorRateLimiter
{
    ValueTask<bool> TryAcquireAsync(string visitorId, CancellationToken cancellationToken);
}

/// <summary>The budget in this process: a sliding window of six ten-second segments per visitor.</summary>
internal sealed class VisitorRateLimiter : IVisitorRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public VisitorRateLimiter(IOptions<ServerOptions> options)
    {
        var perMinute = options.Value.MessagesPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(visitorId => RateLimitPartition.GetSlidingWindowLimiter(
            visitorId,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
    }

    public bool TryAcquire(string visitorId)
    {
        using var lease = _limiter.AttemptAcquire(visitorId);
        return lease.IsAcquired;
    }

    public ValueTask<bool> TryAcquireAsync(string visitorId, CancellationToken cancellationToken) => ValueTask.FromResult(TryAcquire(visitorId));

    public void Dispose() => _limiter.Dispose();
}
