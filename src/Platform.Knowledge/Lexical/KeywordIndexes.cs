using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Domain.Knowledge;
using Platform.Knowledge.Indexing;

namespace Platform.Knowledge.Lexical;

/// <summary>
/// Each knowledge base's <see cref="KeywordIndex"/>, built from the store when a query first finds it missing or
/// stale (another version, or the synonym list changed) and kept until then. A build runs once however many queries
/// ask; a query waits for it up to <see cref="KnowledgeOptions.KeywordIndexWaitMilliseconds"/> (a knowledge base of a
/// few thousand chunks builds well within it) and is otherwise answered by FTS5 while the build goes on, so an upload
/// never leaves visitors waiting for the index. Rebuilt whole: an ingestion changes the version, and building 100,000
/// chunks takes seconds (docs/benchmarks.md).
/// </summary>
public sealed partial class KeywordIndexes(
    IDbContextFactory<PlatformDbContext> contextFactory, KnowledgeBaseSynonyms synonyms, IOptions<KnowledgeOptions> options, ILogger<KeywordIndexes> logger)
{
    private readonly ConcurrentDictionary<Guid, Build> _builds = new();

    /// <summary>The knowledge base's current index, or null while it is being built (or the knowledge base does not exist).</summary>
    public async Task<KeywordIndex?> GetAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        var build = await CurrentAsync(knowledgeBaseId, cancellationToken);
        if (build is null)
        {
            return null;
        }

        try
        {
            return await build.Index.Value.WaitAsync(TimeSpan.FromMilliseconds(options.Value.KeywordIndexWaitMilliseconds), cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A failed build (the store unreadable for a moment) is dropped, so a later query tries again; FTS5 answers now.
            _builds.TryRemove(new KeyValuePair<Guid, Build>(knowledgeBaseId, build));
            LogBuildFailed(logger, failure, knowledgeBaseId);
            return null;
        }
    }

    /// <summary>The knowledge base's index once it is built: for a caller (eval, a benchmark) that wants no query answered without it.</summary>
    public async Task<KeywordIndex?> WhenBuiltAsync(Guid knowledgeBaseId, CancellationToken cancellationToken) =>
        await CurrentAsync(knowledgeBaseId, cancellationToken) is { } build
            ? await build.Index.Value.WaitAsync(cancellationToken)
            : null;

    private async Task<Build?> CurrentAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        int? version;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            version = await db.KnowledgeBases.Where(k => k.Id == knowledgeBaseId).Select(k => (int?)k.Version).SingleOrDefaultAsync(cancellationToken);
        }

        if (version is not { } current)
        {
            return null;
        }

        var synonymSet = await synonyms.GetAsync(knowledgeBaseId, cancellationToken);
        while (true)
        {
            if (_builds.TryGetValue(knowledgeBaseId, out var existing))
            {
                if (existing.Version == current && ReferenceEquals(existing.Synonyms, synonymSet))
                {
                    return existing;
                }

                var replacement = NewBuild(knowledgeBaseId, current, synonymSet);
                if (_builds.TryUpdate(knowledgeBaseId, replacement, existing))
                {
                    return replacement;
                }
            }
            else
            {
                var added = NewBuild(knowledgeBaseId, current, synonymSet);
                if (_builds.TryAdd(knowledgeBaseId, added))
                {
                    return added;
                }
            }
        }
    }

    // Lazy: a build that loses the race to be stored is never started.
    private Build NewBuild(Guid knowledgeBaseId, int version, SynonymSet synonymSet) =>
        new(version, synonymSet, new Lazy<Task<KeywordIndex>>(() => Task.Run(() => BuildAsync(knowledgeBaseId, version, synonymSet))));

    private async Task<KeywordIndex> BuildAsync(Guid knowledgeBaseId, int version, SynonymSet synonymSet)
    {
        var started = Stopwatch.GetTimestamp();
        var passages = new KeywordField.Builder();
        var headings = new KeywordField.Builder();
        var chunkIds = new List<long>();
        await using var db = await contextFactory.CreateDbContextAsync();
        var chunks = db.Chunks.AsNoTracking()
            .Where(c => c.Document!.KnowledgeBaseId == knowledgeBaseId && c.Document.Status == DocumentStatus.Indexed)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Title, c.HeadingPath, c.Text })
            .AsAsyncEnumerable();
        await foreach (var chunk in chunks)
        {
            // The text as SearchIndex writes it into FTS5: through the knowledge base's synonyms.
            var heading = synonymSet.Apply(chunk.HeadingPath);
            passages.Add([(synonymSet.Apply(chunk.Title), KeywordIndex.TitleWeight), (heading, KeywordIndex.HeadingWeight), (synonymSet.Apply(chunk.Text), KeywordIndex.TextWeight)]);
            headings.Add([(heading, 1)]);
            chunkIds.Add(chunk.Id);
        }

        var index = new KeywordIndex(version, synonymSet, [.. chunkIds], passages.Build(), headings.Build());
        var megabytes = index.Bytes / 1048576.0;
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogBuilt(logger, knowledgeBaseId, version, index.Chunks, index.Passages.Terms, megabytes, milliseconds);
        return index;
    }

    private sealed record Build(int Version, SynonymSet Synonyms, Lazy<Task<KeywordIndex>> Index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Keyword index of knowledge base {KnowledgeBaseId} version {Version}: {Chunks} chunk(s), {Terms} term(s), {Megabytes:0.0} MB, built in {Milliseconds:0} ms")]
    private static partial void LogBuilt(ILogger logger, Guid knowledgeBaseId, int version, int chunks, int terms, double megabytes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Building the keyword index of knowledge base {KnowledgeBaseId} failed; FTS5 answers its queries until a later query builds it")]
    private static partial void LogBuildFailed(ILogger logger, Exception? exception, Guid knowledgeBaseId);
}
