using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// How many passages each query term occurs in, per index table, remembered for a minute. The counts only decide
/// which very common terms a query leaves out of ranking (and whether a term is in the index at all), so a count a
/// minute old is as good as a fresh one, and a caller that only needs to know whether a count passes a limit asks for
/// it counted up to that limit: counting a common term's postings to the end cost as much as ranking did.
/// </summary>
public sealed class IndexTermCounts(TimeProvider timeProvider)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const int MaxEntries = 200_000;

    // Cap: the count was stopped there, so Count == Cap means "at least Cap"; long.MaxValue marks an exact count.
    private readonly ConcurrentDictionary<(string Table, string Term), (long Count, long Cap, DateTimeOffset At)> _counts = new();
    private (long Rows, DateTimeOffset At) _rows = (0, DateTimeOffset.MinValue);

    /// <summary>The number of passages in the index (every knowledge base), remembered for a minute.</summary>
    public async Task<long> RowsAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = timeProvider.GetUtcNow();
        if (now - _rows.At < Lifetime)
        {
            return _rows.Rows;
        }

        var rows = await db.Chunks.LongCountAsync(cancellationToken);
        _rows = (rows, now);
        return rows;
    }

    /// <summary>
    /// Each term's passage count in <paramref name="table"/> (one of the index tables), counted no further than
    /// <paramref name="countUpTo"/> when it is given: a count equal to it means "at least".
    /// </summary>
    public async Task<IReadOnlyList<long>> GetAsync(
        PlatformDbContext db, string table, IReadOnlyList<string> terms, long? countUpTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(terms);
        if (!Fts5SearchIndex.Tables.Contains(table))
        {
            throw new ArgumentException($"'{table}' is not an index table.", nameof(table));
        }

        var cap = countUpTo is { } limit ? Math.Max(1, limit) : long.MaxValue;
        var now = timeProvider.GetUtcNow();
        var counts = new long[terms.Count];
        var missing = new List<int>();
        for (var i = 0; i < terms.Count; i++)
        {
            if (_counts.TryGetValue((table, terms[i]), out var cached) && now - cached.At < Lifetime && (cached.Count < cached.Cap || cached.Cap >= cap))
            {
                counts[i] = Math.Min(cached.Count, cap);
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return counts;
        }

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        var limitClause = cap == long.MaxValue ? string.Empty : " LIMIT $cap";
        command.CommandText = "SELECT " + string.Join(", ", missing.Select(i => $"(SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH $t{i}{limitClause}))"));
        foreach (var i in missing)
        {
            command.AddParameter($"$t{i}", QueryNormalizer.Quote(terms[i]));
        }

        if (cap != long.MaxValue)
        {
            command.AddParameter("$cap", cap);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (_counts.Count > MaxEntries)
        {
            _counts.Clear();
        }

        for (var j = 0; j < missing.Count; j++)
        {
            counts[missing[j]] = reader.GetInt64(j);
            _counts[(table, terms[missing[j]])] = (counts[missing[j]], cap, now);
        }

        return counts;
    }
}
