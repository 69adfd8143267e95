using Microsoft.EntityFrameworkCore;
using Platform.Data.Conversations;
using Platform.Domain.Conversations;
using Platform.Domain.Feedback;
using Platform.Domain.Handoffs;

namespace Platform.Data.Analytics;

public sealed record DailyConversations(DateOnly Day, int Conversations, int AnsweredByBot, int HandedOff);

public sealed record DailyLatency(DateOnly Day, int Replies, int P50Ms, int P95Ms);

/// <summary>Satisfaction: the 1-5 ratings visitors gave when a person closed their chat, and thumbs on bot replies.</summary>
public sealed record SatisfactionSummary(int Ratings, double? AverageRating, double? SatisfiedShare, int ThumbsUp, int ThumbsDown);

public sealed record QuestionCount(string Question, int Count);

public sealed record ReasonCount(HandoffReason Reason, int Count);

public sealed record ModelUsage(string Model, int Replies, double? AverageLatencyMs, int ThumbsUp, int ThumbsDown);

public sealed record AnalyticsReport(
    DateTime From,
    DateTime To,
    IReadOnlyList<DailyConversations> Days,
    SatisfactionSummary Satisfaction,
    IReadOnlyList<QuestionCount> TopQuestions,
    IReadOnlyList<QuestionCount> Unanswered,
    IReadOnlyList<DailyLatency> Latency,
    IReadOnlyList<ReasonCount> HandoffReasons,
    IReadOnlyList<ModelUsage> Models);

/// <summary>
/// The admins' dashboard figures over a date range, computed in the database where SQLite can (counts and groups),
/// and in memory only for the percentiles SQLite lacks.
/// </summary>
public sealed class ConversationAnalytics(IDbContextFactory<PlatformDbContext> contextFactory)
{
    /// <summary>Latency percentiles read at most this many replies per range (the most recent), so a wide range stays cheap.</summary>
    public const int MaxLatencySamples = 200_000;

    public const int TopListSize = 10;

    public async Task<AnalyticsReport> GetAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var conversations = db.Conversations.AsNoTracking().StartedBetween(from, to);
        var messages = db.Messages.AsNoTracking().Where(m => m.CreatedAt >= from && m.CreatedAt < to);

        var days = await conversations
            .GroupBy(c => c.CreatedAt.Date)
            .Select(g => new { Day = g.Key, Total = g.Count(), HandedOff = g.Count(c => db.Handoffs.Any(h => h.ConversationId == c.Id)) })
            .ToListAsync(cancellationToken);

        var ratings = await conversations.Where(c => c.SatisfactionScore != null).Select(c => c.SatisfactionScore!.Value).ToListAsync(cancellationToken);
        var thumbs = await db.Feedback.AsNoTracking()
            .Where(f => f.CreatedAt >= from && f.CreatedAt < to)
            .GroupBy(f => f.Rating)
            .Select(g => new { Rating = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var topQuestions = await messages
            .Where(m => m.Role == MessageRole.Visitor)
            .GroupBy(m => m.Text.Trim().ToLower())
            .Select(g => new { Question = g.Key, Count = g.Count() })
            .OrderByDescending(q => q.Count).ThenBy(q => q.Question)
            .Take(TopListSize)
            .ToListAsync(cancellationToken);

        var unanswered = await messages
            .Where(m => m.Role == MessageRole.Bot && m.Source == ReplySource.NoAnswer && m.InReplyToId != null)
            .Join(db.Messages, reply => reply.InReplyToId, question => question.Id, (reply, question) => question.Text)
            .GroupBy(text => text.Trim().ToLower())
            .Select(g => new { Question = g.Key, Count = g.Count() })
            .OrderByDescending(q => q.Count).ThenBy(q => q.Question)
            .Take(TopListSize)
            .ToListAsync(cancellationToken);

        var latencies = await messages
            .Where(m => m.Role == MessageRole.Bot && m.LatencyMs != null)
            .OrderByDescending(m => m.CreatedAt)
            .Take(MaxLatencySamples)
            .Select(m => new { Day = m.CreatedAt.Date, Ms = m.LatencyMs!.Value })
            .ToListAsync(cancellationToken);

        var reasons = await db.Handoffs.AsNoTracking()
            .Where(h => h.RequestedAt >= from && h.RequestedAt < to)
            .GroupBy(h => h.Reason)
            .Select(g => new { Reason = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var models = await messages
            .Where(m => m.Role == MessageRole.Bot && m.Model != null)
            .GroupBy(m => m.ModelVersion != null ? m.Model + " " + m.ModelVersion : m.Model!)
            .Select(g => new
            {
                Model = g.Key,
                Replies = g.Count(),
                Latency = g.Average(m => (double?)m.LatencyMs),
                Up = g.Count(m => db.Feedback.Any(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Up)),
                Down = g.Count(m => db.Feedback.Any(f => f.MessageId == m.Id && f.Rating == FeedbackRating.Down)),
            })
            .ToListAsync(cancellationToken);

        return new AnalyticsReport(
            from,
            to,
            [.. days.OrderBy(d => d.Day).Select(d => new DailyConversations(DateOnly.FromDateTime(d.Day), d.Total, d.Total - d.HandedOff, d.HandedOff))],
            new SatisfactionSummary(
                ratings.Count,
                ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2),
                ratings.Count == 0 ? null : Math.Round(ratings.Count(r => r >= 4) / (double)ratings.Count, 3),
                thumbs.Where(t => t.Rating == FeedbackRating.Up).Sum(t => t.Count),
                thumbs.Where(t => t.Rating == FeedbackRating.Down).Sum(t => t.Count)),
            [.. topQuestions.Select(q => new QuestionCount(q.Question, q.Count))],
            [.. unanswered.Select(q => new QuestionCount(q.Question, q.Count))],
            [.. latencies.GroupBy(l => l.Day).OrderBy(g => g.Key).Select(g => Percentiles(DateOnly.FromDateTime(g.Key), [.. g.Select(l => l.Ms)]))],
            [.. reasons.OrderByDescending(r => r.Count).Select(r => new ReasonCount(r.Reason, r.Count))],
            [.. models.OrderByDescending(m => m.Replies).Select(m => new ModelUsage(m.Model, m.Replies, m.Latency is { } l ? Math.Round(l, 1) : null, m.Up, m.Down))]);
    }

    private static DailyLatency Percentiles(DateOnly day, int[] values)
    {
        Array.Sort(values);
        return new DailyLatency(day, values.Length, Nearest(values, 0.50), Nearest(values, 0.95));
    }

    /// <summary>The nearest-rank percentile.</summary>
    private static int Nearest(int[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
