using Microsoft.EntityFrameworkCore;
using Platform.Domain.Conversations;
using Platform.Domain.Handoffs;

namespace Platform.Data.Conversations;

/// <summary>Hand-offs and the ownership changes that go with them, each in one transaction.</summary>
public sealed class HandoffStore(IDbContextFactory<PlatformDbContext> contextFactory, TimeProvider timeProvider)
{
    /// <summary>
    /// Moves the conversation from the bot to the queue and records why. Null when the bot no longer owned it (a
    /// person took it, or another message handed it off first): exactly one hand-off is recorded either way.
    /// </summary>
    public async Task<Handoff?> RequestAsync(Guid conversationId, HandoffReason reason, string detail, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
            ?? throw new ConversationNotFoundException(conversationId);
        if (conversation.State != ConversationState.Bot)
        {
            return null;
        }

        conversation.MoveTo(ConversationState.Queued, now.UtcDateTime);
        var handoff = new Handoff
        {
            Id = Guid.CreateVersion7(now),
            ConversationId = conversationId,
            Reason = reason,
            Detail = detail.Length > 500 ? detail[..500] : detail,
            Status = HandoffStatus.Waiting,
            RequestedAt = now.UtcDateTime,
        };
        db.Handoffs.Add(handoff);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return handoff;
    }

    public async Task<IReadOnlyList<Handoff>> ForConversationAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Handoffs.AsNoTracking().Where(h => h.ConversationId == conversationId).OrderBy(h => h.RequestedAt).ToListAsync(cancellationToken);
    }
}
