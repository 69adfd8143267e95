using Microsoft.EntityFrameworkCore;
using Platform.Data.Conversations;
using Platform.Domain.Conversations;
using Platform.Domain.Handoffs;

namespace Platform.Data.Analytics;

/// <summary>How a conversation ended up, as the transcripts browser and analytics count it.</summary>
public enum ConversationOutcome
{
    /// <summary>The bot answered and nobody asked for a person.</summary>
    Answered,

    /// <summary>At least one of the bot's replies found no answer, and the chat was never handed off.</summary>
    Unanswered,

    /// <summary>The chat went to a person at least once.</summary>
    HandedOff,
}

/// <summary>Filters of the transcripts browser; all optional. Dates are UTC, <see cref="To"/> exclusive.</summary>
public sealed record TranscriptFilter(
    DateTime? From = null,
    DateTime? To = null,
    ConversationOutcome? Outcome = null,
    int? Rating = null,
    HandoffReason? HandoffReason = null,
    string? Text = null,
    int Skip = 0,
    int Take = 50);

public sealed record TranscriptSummary(
    Guid Id,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    ConversationState State,
    int Messages,
    string? FirstQuestion,
    ConversationOutcome Outcome,
    HandoffReason? HandoffReason,
    int? Rating);

public sealed record TranscriptPage(IReadOnlyList<TranscriptSummary> Items, int Total);

/// <summary>A whole stored conversation for admins: every message (notes included), hand-offs, feedback.</summary>
public sealed record TranscriptDetail(
    Conversation Conversation,
    IReadOnlyList<Message> Messages,
    IReadOnlyList<Handoff> Handoffs,
    IReadOnlyList<Domain.Feedback.MessageFeedback> Feedback);

/// <summary>
/// The admins' transcripts browser: stored conversations filtered by date, outcome, rating, hand-off reason and
/// words in their messages, newest first.
/// </summary>
public sealed class TranscriptSearch(IDbContextFactory<PlatformDbContext> contextFactory)
{
    public const int MaxPageSize = 200;

    public async Task<TranscriptPage> SearchAsync(TranscriptFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = Filter(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var page = await query
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip(Math.Max(0, filter.Skip))
            .Take(Math.Clamp(filter.Take, 1, MaxPageSize))
            .Select(c => new
            {
                c.Id,
                c.CreatedAt,
                c.UpdatedAt,
                c.State,
                Messages = db.Messages.Count(m => m.ConversationId == c.Id && m.Role != MessageRole.Note),
                FirstQuestion = db.Messages.Where(m => m.ConversationId == c.Id && m.Role == MessageRole.Visitor).OrderBy(m => m.Seq).Select(m => m.Text).FirstOrDefault(),
                HandoffReason = db.Handoffs.Where(h => h.ConversationId == c.Id).OrderBy(h => h.RequestedAt).Select(h => (HandoffReason?)h.Reason).FirstOrDefault(),
                Unanswered = db.Messages.Any(m => m.ConversationId == c.Id && m.Source == ReplySource.NoAnswer && m.Role == MessageRole.Bot),
                c.SatisfactionScore,
            })
            .ToListAsync(cancellationToken);

        return new TranscriptPage(
            [.. page.Select(c => new TranscriptSummary(
                c.Id, c.CreatedAt, c.UpdatedAt, c.State, c.Messages, c.FirstQuestion,
                c.HandoffReason is not null ? ConversationOutcome.HandedOff : c.Unanswered ? ConversationOutcome.Unanswered : ConversationOutcome.Answered,
                c.HandoffReason, c.SatisfactionScore))],
            total);
    }

    public async Task<TranscriptDetail?> GetAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Seq).ToListAsync(cancellationToken);
        var handoffs = await db.Handoffs.AsNoTracking().Where(h => h.ConversationId == conversationId).OrderBy(h => h.RequestedAt).ToListAsync(cancellationToken);
        var messageIds = messages.Select(m => m.Id).ToList();
        var feedback = await db.Feedback.AsNoTracking().Where(f => messageIds.Contains(f.MessageId)).ToListAsync(cancellationToken);
        return new TranscriptDetail(conversation, messages, handoffs, feedback);
    }

    private static IQueryable<Conversation> Filter(PlatformDbContext db, TranscriptFilter filter)
    {
        var query = db.Conversations.AsNoTracking().StartedBetween(filter.From, filter.To).RatedAs(filter.Rating);

        if (filter.HandoffReason is { } reason)
        {
            query = query.Where(c => db.Handoffs.Any(h => h.ConversationId == c.Id && h.Reason == reason));
        }

        query = filter.Outcome switch
        {
            ConversationOutcome.HandedOff => query.Where(c => db.Handoffs.Any(h => h.ConversationId == c.Id)),
            ConversationOutcome.Unanswered => query.Where(c => !db.Handoffs.Any(h => h.ConversationId == c.Id)
                && db.Messages.Any(m => m.ConversationId == c.Id && m.Role == MessageRole.Bot && m.Source == ReplySource.NoAnswer)),
            ConversationOutcome.Answered => query.Where(c => !db.Handoffs.Any(h => h.ConversationId == c.Id)
                && !db.Messages.Any(m => m.ConversationId == c.Id && m.Role == MessageRole.Bot && m.Source == ReplySource.NoAnswer)),
            _ => query,
        };

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            // A substring match over the conversation's messages: admins search for a phrase a visitor used, which
            // the knowledge index (built for documents) does not hold. Both sides lower-cased: LIKE ignores case on
            // SQLite and respects it on PostgreSQL, and a search should not depend on the store.
            var pattern = "%" + EscapeLike(filter.Text.Trim()).ToLowerInvariant() + "%";
            query = query.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && EF.Functions.Like(m.Text.ToLower(), pattern, "\\")));
        }

        return query;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
