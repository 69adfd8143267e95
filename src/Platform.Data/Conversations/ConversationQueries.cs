using Platform.Domain.Conversations;

namespace Platform.Data.Conversations;

/// <summary>Filters that the transcripts browser, analytics and the export apply to conversations alike.</summary>
internal static class ConversationQueries
{
    /// <summary>Conversations started in [<paramref name="from"/>, <paramref name="to"/>) (UTC); either end may be open.</summary>
    public static IQueryable<Conversation> StartedBetween(this IQueryable<Conversation> query, DateTime? from, DateTime? to)
    {
        if (from is { } start)
        {
            query = query.Where(c => c.CreatedAt >= start);
        }

        return to is { } end ? query.Where(c => c.CreatedAt < end) : query;
    }

    /// <summary>Conversations the visitor rated <paramref name="rating"/> (1-5); all when null.</summary>
    public static IQueryable<Conversation> RatedAs(this IQueryable<Conversation> query, int? rating) =>
        rating is { } score ? query.Where(c => c.SatisfactionScore == score) : query;
}
