using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Server.Chat;
using Platform.Server.Hosting;
using StackExchange.Redis;

namespace Platform.Server.ScaleOut;

/// <summary>
/// The per-visitor budget counted in Redis, so a visitor spread over nodes by a balancer gets one budget, not one
/// per node: six ten-second counters per visitor (the in-process limiter's sliding window), each expiring after a
/// minute. A message takes a permit when the last six counters, its own included, stay within the budget; one over
/// it gives its permit back. While Redis does not answer, this node's own limiter counts instead (readiness says why).
/// </summary>
internal sealed partial class RedisVisitorRateLimiter(
    IServiceProvider services, VisitorRateLimiter local, IOptions<ServerOptions> server, IOptions<RedisOptions> redis,
    TimeProvider timeProvider, ILogger<RedisVisitorRateLimiter> logger) : IVisitorRateLimiter
{
    private const int Segments = 6;
    private static readonly TimeSpan Segment = TimeSpan.FromSeconds(10);

    public async ValueTask<bool> TryAcquireAsync(string visitorId, CancellationToken cancellationToken)
    {
        try
        {
            var db = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
            var now = timeProvider.GetUtcNow().ToUnixTimeSeconds() / (long)Segment.TotalSeconds;
            var keys = Enumerable.Range(0, Segments).Select(i => (RedisKey)Key(visitorId, now - i)).ToArray();
            // One round trip on the message path: the three commands are pipelined on one connection and run in
            // order, so the read sees this message's increment. The expiry is refreshed each time; a segment key is
            // only ever counted within its minute by name.
            var taken = db.StringIncrementAsync(keys[0]);
            var expiry = db.KeyExpireAsync(keys[0], Segment * (Segments + 1));
            var read = db.StringGetAsync(keys);
            await Task.WhenAll(taken, expiry, read).WaitAsync(cancellationToken);
            var window = await read;
            var used = window.Sum(v => v.TryParse(out long n) ? n : 0);
            if (used <= server.Value.MessagesPerMinute)
            {
                return true;
            }

            await db.StringDecrementAsync(keys[0]).WaitAsync(cancellationToken);
            return false;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFallback(logger, ex.Message);
            return await local.TryAcquireAsync(visitorId, cancellationToken);
        }
    }

    private string Key(string visitorId, long segment) =>
        string.Create(CultureInfo.InvariantCulture, $"{redis.Value.Prefix}:rate:{visitorId}:{segment}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting a visitor's messages in Redis failed; this node's own limiter counts instead: {Reason}")]
    private static partial void LogFallback(ILogger logger, string reason);
}
