using Microsoft.EntityFrameworkCore;
using Platform.Domain.Conversations;
using Platform.Domain.Training;

namespace Platform.Data.Training;

public sealed record TrainingExamplePage(IReadOnlyList<TrainingExample> Items, int Total);

/// <summary>
/// Candidate fine-tuning examples made by agents (a corrected bot reply, a promoted agent reply) and the admins'
/// review of them. Marking the same message again replaces the candidate and sends it back for review.
/// </summary>
public sealed class TrainingExampleStore(IDbContextFactory<PlatformDbContext> contextFactory, TimeProvider timeProvider)
{
    public const int MaxPageSize = 200;

    /// <summary>An agent says the bot's reply was wrong and writes the right one; null when the message is not a bot reply of the conversation.</summary>
    public async Task<TrainingExample?> CorrectAsync(Guid conversationId, Guid botMessageId, string correction, string agentId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var reply = await db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == botMessageId && m.ConversationId == conversationId && m.Role == MessageRole.Bot, cancellationToken);
        var question = reply?.InReplyToId is { } questionId
            ? await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == questionId, cancellationToken)
            : null;
        if (reply is null || question is null)
        {
            return null;
        }

        return await UpsertAsync(db, reply, question, TrainingExampleKind.Correction, rejected: reply.Text, chosen: correction, agentId, cancellationToken);
    }

    /// <summary>
    /// An agent's reply after a hand-off becomes a candidate answer to the visitor's last message before it; null when
    /// the message is not an agent's reply of the conversation, or no visitor message precedes it.
    /// </summary>
    public async Task<TrainingExample?> PromoteAsync(Guid conversationId, Guid agentMessageId, string agentId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var reply = await db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == agentMessageId && m.ConversationId == conversationId && m.Role == MessageRole.Agent, cancellationToken);
        var question = reply is null ? null : await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Role == MessageRole.Visitor && m.Seq < reply.Seq)
            .OrderByDescending(m => m.Seq)
            .FirstOrDefaultAsync(cancellationToken);
        if (reply is null || question is null)
        {
            return null;
        }

        return await UpsertAsync(db, reply, question, TrainingExampleKind.AgentReply, rejected: null, chosen: reply.Text, agentId, cancellationToken);
    }

    public async Task<TrainingExamplePage> ListAsync(TrainingExampleStatus? status, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.TrainingExamples.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(t => t.Status == wanted);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        return new TrainingExamplePage(items, total);
    }

    /// <summary>Approves (optionally with an edited reply) or rejects a candidate; null for an unknown id.</summary>
    public async Task<TrainingExample?> ReviewAsync(Guid id, bool approve, string? editedChosen, string? note, string reviewer, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var example = await db.TrainingExamples.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (example is null)
        {
            return null;
        }

        example.Status = approve ? TrainingExampleStatus.Approved : TrainingExampleStatus.Rejected;
        if (approve && !string.IsNullOrWhiteSpace(editedChosen))
        {
            example.Chosen = editedChosen.Trim();
        }

        example.ReviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        example.ReviewedBy = reviewer;
        example.ReviewedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return example;
    }

    private async Task<TrainingExample> UpsertAsync(
        PlatformDbContext db, Message reply, Message question, TrainingExampleKind kind, string? rejected, string chosen, string agentId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var example = await db.TrainingExamples.SingleOrDefaultAsync(t => t.MessageId == reply.Id && t.Kind == kind, cancellationToken);
        if (example is null)
        {
            example = new TrainingExample
            {
                Id = Guid.CreateVersion7(now),
                ConversationId = reply.ConversationId,
                MessageId = reply.Id,
                Kind = kind,
                Question = question.Text,
                Chosen = chosen,
                CreatedBy = agentId,
            };
            db.TrainingExamples.Add(example);
        }

        example.QuestionMessageId = question.Id;
        example.Question = question.Text;
        example.Rejected = rejected;
        example.Chosen = chosen.Trim();
        example.Status = TrainingExampleStatus.Pending;
        example.CreatedBy = agentId;
        example.CreatedAt = now.UtcDateTime;
        example.ReviewedBy = null;
        example.ReviewedAt = null;
        example.ReviewNote = null;
        await db.SaveChangesAsync(cancellationToken);
        return example;
    }
}
