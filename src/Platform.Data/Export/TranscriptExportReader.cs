using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Conversations;
using Platform.Domain.Conversations;
using Platform.Domain.Training;

namespace Platform.Data.Export;

/// <summary>Which stored conversations an export takes; all optional. Dates are UTC, <see cref="To"/> exclusive.</summary>
public sealed record ExportFilter(DateTime? From = null, DateTime? To = null, Guid? KnowledgeBaseId = null, int? Rating = null);

/// <summary>An approved example and the knowledge base its conversation answered from.</summary>
public sealed record ExportedExample(TrainingExample Example, Guid? KnowledgeBaseId);

/// <summary>One conversation as an export reads it: its messages in order and the approved corrections of its bot replies.</summary>
public sealed record ExportedConversation(
    Conversation Conversation,
    IReadOnlyList<Message> Messages,
    IReadOnlyDictionary<Guid, TrainingExample> ApprovedCorrections,
    bool HandedOff);

/// <summary>
/// Streams conversations and approved training examples out of the transcript store in a fixed order (by id: ids are
/// time-ordered UUIDv7s, so this is creation order), a page at a time on a fresh context, so an export of millions of
/// messages holds one page in memory, never the whole store.
/// </summary>
public sealed class TranscriptExportReader(IDbContextFactory<PlatformDbContext> contextFactory)
{
    public const int PageSize = 256;

    public async IAsyncEnumerable<ExportedConversation> ReadConversationsAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Guid? after = null;
        while (true)
        {
            List<ExportedConversation> page;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                var query = Filter(db.Conversations.AsNoTracking(), filter);
                if (after is { } last)
                {
                    query = query.Where(c => c.Id.CompareTo(last) > 0);
                }

                var conversations = await query.OrderBy(c => c.Id).Take(PageSize).ToListAsync(cancellationToken);
                if (conversations.Count == 0)
                {
                    yield break;
                }

                var ids = conversations.Select(c => c.Id).ToList();
                var messages = (await db.Messages.AsNoTracking()
                        .Where(m => ids.Contains(m.ConversationId))
                        .OrderBy(m => m.ConversationId).ThenBy(m => m.Seq)
                        .ToListAsync(cancellationToken))
                    .ToLookup(m => m.ConversationId);
                var corrections = (await db.TrainingExamples.AsNoTracking()
                        .Where(t => ids.Contains(t.ConversationId) && t.Kind == TrainingExampleKind.Correction && t.Status == TrainingExampleStatus.Approved)
                        .ToListAsync(cancellationToken))
                    .ToLookup(t => t.ConversationId);
                var handedOff = (await db.Handoffs.AsNoTracking()
                        .Where(h => ids.Contains(h.ConversationId))
                        .Select(h => h.ConversationId)
                        .Distinct()
                        .ToListAsync(cancellationToken))
                    .ToHashSet();

                page = [.. conversations.Select(c => new ExportedConversation(
                    c,
                    [.. messages[c.Id]],
                    corrections[c.Id].ToDictionary(t => t.MessageId),
                    handedOff.Contains(c.Id)))];
                after = conversations[^1].Id;
            }

            foreach (var conversation in page)
            {
                yield return conversation;
            }
        }
    }

    /// <summary>Approved examples whose conversation passes the filter, in id order; corrections only when asked.</summary>
    public async IAsyncEnumerable<ExportedExample> ReadApprovedExamplesAsync(
        ExportFilter filter, bool correctionsOnly, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Guid? after = null;
        while (true)
        {
            List<ExportedExample> page;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                var conversations = Filter(db.Conversations.AsNoTracking(), filter).Select(c => c.Id);
                var query = db.TrainingExamples.AsNoTracking()
                    .Where(t => t.Status == TrainingExampleStatus.Approved && conversations.Contains(t.ConversationId));
                if (correctionsOnly)
                {
                    query = query.Where(t => t.Kind == TrainingExampleKind.Correction);
                }

                if (after is { } last)
                {
                    query = query.Where(t => t.Id.CompareTo(last) > 0);
                }

                page = await query.OrderBy(t => t.Id).Take(PageSize)
                    .Join(db.Conversations, t => t.ConversationId, c => c.Id, (t, c) => new ExportedExample(t, c.KnowledgeBaseId))
                    .ToListAsync(cancellationToken);
            }

            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var example in page)
            {
                yield return example;
            }

            after = page[^1].Example.Id;
        }
    }

    private static IQueryable<Conversation> Filter(IQueryable<Conversation> query, ExportFilter filter)
    {
        query = query.StartedBetween(filter.From, filter.To).RatedAs(filter.Rating);
        return filter.KnowledgeBaseId is { } knowledgeBase ? query.Where(c => c.KnowledgeBaseId == knowledgeBase) : query;
    }
}
