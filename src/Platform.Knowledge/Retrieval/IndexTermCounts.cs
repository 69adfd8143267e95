using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Retrieval;

/// <summary>
/// How many passages each query term occurs in, per index table, remembered for a minute. The counts only decide
/// which very common terms a query leaves out of ranking, so a count a minute old is as good as a fresh one, and
/// counting a common term's postings on every question was as slow as ranking itself.
/// </summary>
public sealed class IndexTermCounts(TimeProvider timeProvider)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<(string Table, string Term), (long Count, DateTimeOffset At)> _counts = new();
    private (long Rows, DateTimeOffset At) _rows = (0, DateTimeOffset.MinValue);

    /// <summary>The number of passages, and each term's passage count in <paramref name="table"/> (one of the index tables).</summary>
    public async Task<(long Rows, IReadOnlyList<long> Counts)> GetAsync(PlatformDbContext db, string table, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(terms);
        var now = timeProvider.GetUtcNow();
        var counts = new long[terms.Count];
        var missing = new List<int>();
        for (var i = 0; i < terms.Count; i++)
        {
            if (_counts.TryGetValue((table, terms[i]), out var cached) && now - cached.At < Lifetime)
            {
                counts[i] = cached.Count;
            }
            else
            {
                missing.Add(i);
            }
        }

        var rowsFresh = now - _rows.At < Lifetime;
        if (missing.Count == 0 && rowsFresh)
        {
            return (_rows.Rows, counts);
        }

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM Chunks)" + string.Concat(missing.Select(i => $", (SELECT count(*) FROM {table} WHERE {table} MATCH $t{i})"));
        foreach (var i in missing)
        {
            command.AddParameter($"$t{i}", QueryNormalizer.Quote(terms[i]));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (_counts.Count > MaxEntries)
        {
            _counts.Clear();
        }

        _rows = (reader.GetInt64(0), now);
        for (var j = 0; j < missing.Count; j++)
        {
            counts[missing[j]] = reader.GetInt64(j + 1);
            _counts[(table, terms[missing[j]])] = (counts[missing[j]], now);
        }

        return (_rows.Rows, counts);
    }
}
