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

    /// <summary>The waiting hand-offs, oldest first.</summary>
    public async Task<IReadOnlyList<Handoff>> WaitingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Handoffs.AsNoTracking().Where(h => h.Status == HandoffStatus.Waiting).OrderBy(h => h.RequestedAt).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Gives a waiting hand-off to <paramref name="agentId"/>; false when it is no longer waiting. The conditional
    /// update makes the race safe: when two agents accept at once, exactly one update changes a row.
    /// </summary>
    public async Task<bool> AcceptAsync(Guid handoffId, string agentId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var won = await db.Handoffs
            .Where(h => h.Id == handoffId && h.Status == HandoffStatus.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, HandoffStatus.Accepted).SetProperty(h => h.AgentId, agentId).SetProperty(h => h.AcceptedAt, now), cancellationToken);
        if (won == 0)
        {
            return false;
        }

        var conversationId = await db.Handoffs.Where(h => h.Id == handoffId).Select(h => h.ConversationId).SingleAsync(cancellationToken);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == conversationId, cancellationToken);
        conversation.MoveTo(ConversationState.Agent, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Ends an accepted hand-off: back to the bot (<see cref="HandoffStatus.ReturnedToBot"/>) or closed
    /// (<see cref="HandoffStatus.Resolved"/>). Only the agent who accepted it may; false otherwise.
    /// </summary>
    public async Task<Handoff?> FinishAsync(Guid handoffId, string agentId, bool returnToBot, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var handoff = await db.Handoffs.SingleOrDefaultAsync(h => h.Id == handoffId && h.Status == HandoffStatus.Accepted && h.AgentId == agentId, cancellationToken);
        if (handoff is null)
        {
            return null;
        }

        var conversation = await db.Conversations.SingleAsync(c => c.Id == handoff.ConversationId, cancellationToken);
        conversation.MoveTo(returnToBot ? ConversationState.Bot : ConversationState.Closed, now);
        handoff.Status = returnToBot ? HandoffStatus.ReturnedToBot : HandoffStatus.Resolved;
        handoff.ResolvedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return handoff;
    }

    /// <summary>The accepted hand-off that <paramref name="agentId"/> holds, or null.</summary>
    public async Task<Handoff?> FindAcceptedAsync(Guid handoffId, string agentId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Handoffs.AsNoTracking().SingleOrDefaultAsync(h => h.Id == handoffId && h.Status == HandoffStatus.Accepted && h.AgentId == agentId, cancellationToken);
    }

    /// <summary>The hand-offs <paramref name="agentId"/> holds now, the longest held first: what a console resumes after a reload.</summary>
    public async Task<IReadOnlyList<Handoff>> HeldByAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Handoffs.AsNoTracking()
            .Where(h => h.Status == HandoffStatus.Accepted && h.AgentId == agentId)
            .OrderBy(h => h.AcceptedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Stores the email a visitor left for a reply.</summary>
    public async Task<ContactRequest> AddContactAsync(Guid conversationId, string email, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var contact = new ContactRequest { Id = Guid.CreateVersion7(now), ConversationId = conversationId, Email = email, CreatedAt = now.UtcDateTime };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.ContactRequests.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        return contact;
    }

    public async Task<IReadOnlyList<ContactRequest>> OpenContactsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ContactRequests.AsNoTracking().Where(c => c.ClosedAt == null).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<bool> CloseContactAsync(Guid contactId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ContactRequests.Where(c => c.Id == contactId && c.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, now), cancellationToken) == 1;
    }

    /// <summary>Records the visitor's rating of a chat a person closed; false when it is not closed.</summary>
    public async Task<bool> RateAsync(Guid conversationId, int score, string? comment, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.Where(c => c.Id == conversationId && c.State == ConversationState.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SatisfactionScore, score).SetProperty(c => c.SatisfactionComment, comment), cancellationToken) == 1;
    }

    /// <summary>Reopens a closed conversation to the bot; false when it was not closed.</summary>
    public async Task<bool> ReopenAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is not { State: ConversationState.Closed })
        {
            return false;
        }

        conversation.MoveTo(ConversationState.Bot, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
