using Microsoft.EntityFrameworkCore;
using Platform.Domain.Conversations;

namespace Platform.Data.Conversations;

/// <summary>Conversations and their transcripts: ordered, idempotent appends and reads.</summary>
public sealed class ConversationStore(IDbContextFactory<PlatformDbContext> contextFactory, TimeProvider timeProvider)
{
    public async Task<Conversation> CreateConversationAsync(string visitorId, Guid? knowledgeBaseId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(now),
            VisitorId = visitorId,
            KnowledgeBaseId = knowledgeBaseId,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return conversation;
    }

    public async Task<Conversation?> FindConversationAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
    }

    /// <summary>
    /// Stores a message at the conversation's next sequence number. When <paramref name="message"/> carries a
    /// client message id that is already stored, nothing is written and the stored message comes back.
    /// </summary>
    public async Task<AppendResult> AppendAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return await TryAppendAsync(message, cancellationToken);
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex) && message.ClientMessageId is not null)
        {
            // Another request stored the same client message id between our check and our insert.
            var stored = await FindByClientMessageIdAsync(message.ConversationId, message.ClientMessageId, cancellationToken)
                ?? throw new InvalidOperationException("A unique constraint failed but no stored message matches it.", ex);
            return new AppendResult(stored, Duplicate: true);
        }
    }

    private async Task<AppendResult> TryAppendAsync(Message message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Write first: the increment takes SQLite's write lock (PostgreSQL: the conversation row's lock until commit), so
        // the check and the insert below see no other writer to this conversation.
        var updated = await db.Conversations
            .Where(c => c.Id == message.ConversationId)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastSeq, c => c.LastSeq + 1).SetProperty(c => c.UpdatedAt, now.UtcDateTime), cancellationToken);
        if (updated == 0)
        {
            throw new ConversationNotFoundException(message.ConversationId);
        }

        if (message.ClientMessageId is not null)
        {
            var existing = await db.Messages.AsNoTracking()
                .SingleOrDefaultAsync(m => m.ConversationId == message.ConversationId && m.ClientMessageId == message.ClientMessageId, cancellationToken);
            if (existing is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new AppendResult(existing, Duplicate: true);
            }
        }

        message.Seq = await db.Conversations.Where(c => c.Id == message.ConversationId).Select(c => c.LastSeq).SingleAsync(cancellationToken);
        if (message.Id == Guid.Empty)
        {
            message.Id = Guid.CreateVersion7(now);
        }

        message.CreatedAt = now.UtcDateTime;
        db.Messages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AppendResult(message, Duplicate: false);
    }

    public async Task<Message?> FindByClientMessageIdAsync(Guid conversationId, string clientMessageId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.ConversationId == conversationId && m.ClientMessageId == clientMessageId, cancellationToken);
    }

    public async Task<Message?> FindReplyToAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.InReplyToId == messageId, cancellationToken);
    }

    /// <summary>The last <paramref name="count"/> messages, newest first: what a decision about the next reply looks back on.</summary>
    public async Task<IReadOnlyList<Message>> GetRecentAsync(Guid conversationId, int count, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .OrderByDescending(m => m.Seq)
            .Take(count)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Message>> GetMessagesAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.Seq)
            .ToListAsync(cancellationToken);
    }
}

public sealed record AppendResult(Message Message, bool Duplicate);
