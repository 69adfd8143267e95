using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Platform.Server.Hosting;

namespace Platform.Server.Chat;

/// <summary>One budget of messages per visitor, shared by the REST endpoint and the hub.</summary>
internal sealed class VisitorRateLimiter : IDisposable
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

    public void Dispose() => _limiter.Dispose();
}
