using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Data;
using Platform.Domain.Knowledge;

namespace Platform.Knowledge.Jobs;

/// <summary>
/// A file handed to <see cref="IngestionJobs.EnqueueAsync"/>; null content asks for the document to be deleted, and
/// <paramref name="RejectedBecause"/> records a file the caller refused to read (too large) as failed in the job.
/// </summary>
public sealed record IngestionRequest(string Source, byte[]? Content, bool Force = false, string? RejectedBecause = null, long? Size = null);

/// <summary>
/// Accepts batches of files for a knowledge base and stores them as a job, so the caller gets an id at once and the
/// <see cref="IngestionWorker"/> does the slow part; the bytes wait in the database, so a restart loses nothing.
/// </summary>
public sealed class IngestionJobs(
    IDbContextFactory<PlatformDbContext> contextFactory,
    IngestionSignal signal,
    IOptions<KnowledgeOptions> options,
    TimeProvider timeProvider)
{
    public const int MaxSourceLength = 1024;

    public async Task<IngestionJob> EnqueueAsync(Guid knowledgeBaseId, string origin, IReadOnlyList<IngestionRequest> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("The batch has no files.", nameof(files));
        }

        if (files.Count > options.Value.MaxFilesPerBatch)
        {
            throw new ArgumentException($"The batch has {files.Count} files; the limit is {options.Value.MaxFilesPerBatch}.", nameof(files));
        }

        var now = timeProvider.GetUtcNow();
        var job = new IngestionJob { Id = Guid.CreateVersion7(now), KnowledgeBaseId = knowledgeBaseId, Origin = origin, CreatedAt = now.UtcDateTime };
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var source = NormalizeSource(file.Source);
            var item = new IngestionItem
            {
                Id = Guid.CreateVersion7(now),
                Ordinal = i,
                Source = source ?? file.Source[..Math.Min(file.Source.Length, MaxSourceLength)],
                SizeBytes = file.Size ?? file.Content?.Length ?? 0,
                IsDelete = file.Content is null && file.RejectedBecause is null,
                Force = file.Force,
                Status = IngestionItemStatus.Queued,
            };

            // A file too big or badly named fails here, alone: the bytes are never stored, and the rest of the batch goes on.
            if (file.RejectedBecause is { } reason)
            {
                Fail(item, reason);
            }
            else if (source is null)
            {
                Fail(item, "The file name is not a valid relative path (no '..', no absolute path, at most 1024 characters).");
            }
            else if (file.Content is { Length: var size } && size > options.Value.MaxDocumentBytes)
            {
                Fail(item, $"The file is {size} bytes; the limit is {options.Value.MaxDocumentBytes}.");
            }
            else
            {
                item.Content = file.Content;
            }

            job.Items.Add(item);
        }

        if (job.Items.All(i => i.CompletedAt is not null))
        {
            job.CompletedAt = now.UtcDateTime;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.KnowledgeBases.AnyAsync(k => k.Id == knowledgeBaseId, cancellationToken))
        {
            throw new KeyNotFoundException($"Knowledge base {knowledgeBaseId} does not exist.");
        }

        db.IngestionJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return job;

        void Fail(IngestionItem item, string error)
        {
            item.Status = IngestionItemStatus.Failed;
            item.Error = error;
            item.CompletedAt = now.UtcDateTime;
        }
    }

    /// <summary>The job with its items (without their bytes), or null when it is not this knowledge base's.</summary>
    public async Task<IngestionJob?> FindAsync(Guid knowledgeBaseId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.IngestionJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.KnowledgeBaseId == knowledgeBaseId, cancellationToken);
        if (job is not null)
        {
            job.Items = await ItemsWithoutContent(db).Where(i => i.JobId == jobId).OrderBy(i => i.Ordinal).ToListAsync(cancellationToken);
        }

        return job;
    }

    public async Task<IReadOnlyList<IngestionJob>> ListAsync(Guid knowledgeBaseId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var jobs = await db.IngestionJobs.AsNoTracking()
            .Where(j => j.KnowledgeBaseId == knowledgeBaseId)
            .OrderByDescending(j => j.CreatedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var ids = jobs.Select(j => j.Id).ToList();
        var items = await ItemsWithoutContent(db).Where(i => ids.Contains(i.JobId)).ToListAsync(cancellationToken);
        foreach (var job in jobs)
        {
            job.Items = [.. items.Where(i => i.JobId == job.Id).OrderBy(i => i.Ordinal)];
        }

        return jobs;
    }

    /// <summary>
    /// A relative path with forward slashes, or null when the name could escape the knowledge base or is unusable.
    /// Browsers send bare names, folder uploads send "folder/file.md"; both are kept as given.
    /// </summary>
    public static string? NormalizeSource(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return null;
        }

        var normalized = source.Trim().Replace('\\', '/');
        var segments = normalized.Split('/');
        var valid = normalized.Length <= MaxSourceLength
            && !normalized.StartsWith('/')
            && !normalized.Contains(':', StringComparison.Ordinal)
            && !normalized.Any(char.IsControl)
            && segments.All(s => s.Length > 0 && s != "." && s != "..");
        return valid ? normalized : null;
    }

    private static IQueryable<IngestionItem> ItemsWithoutContent(PlatformDbContext db) =>
        db.IngestionItems.AsNoTracking().Select(i => new IngestionItem
        {
            Id = i.Id,
            JobId = i.JobId,
            Ordinal = i.Ordinal,
            Source = i.Source,
            SizeBytes = i.SizeBytes,
            IsDelete = i.IsDelete,
            Force = i.Force,
            Status = i.Status,
            DocumentId = i.DocumentId,
            Chunks = i.Chunks,
            Error = i.Error,
            StartedAt = i.StartedAt,
            CompletedAt = i.CompletedAt,
        });
}
