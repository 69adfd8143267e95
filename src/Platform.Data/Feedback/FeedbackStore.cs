using Microsoft.EntityFrameworkCore;
using Platform.Domain.Conversations;
using Platform.Domain.Feedback;

namespace Platform.Data.Feedback;

/// <summary>Visitors' thumbs and comments on bot replies: one per reply, the latest wins.</summary>
public sealed class FeedbackStore(IDbContextFactory<PlatformDbContext> contextFactory, TimeProvider timeProvider)
{
    /// <summary>Records (or replaces) the feedback on a bot reply of the conversation; null when no such reply exists there.</summary>
    public async Task<MessageFeedback?> RecordAsync(
        Guid conversationId, Guid messageId, FeedbackRating rating, string? comment, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var isBotReply = await db.Messages.AnyAsync(
            m => m.Id == messageId && m.ConversationId == conversationId && m.Role == MessageRole.Bot, cancellationToken);
        if (!isBotReply)
        {
            return null;
        }

        var feedback = await db.Feedback.SingleOrDefaultAsync(f => f.MessageId == messageId, cancellationToken);
        if (feedback is null)
        {
            feedback = new MessageFeedback { Id = Guid.CreateVersion7(timeProvider.GetUtcNow()), MessageId = messageId };
            db.Feedback.Add(feedback);
        }

        feedback.Rating = rating;
        feedback.Comment = comment;
        feedback.CreatedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return feedback;
    }
}
