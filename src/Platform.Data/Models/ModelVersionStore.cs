using Microsoft.EntityFrameworkCore;
using Platform.Domain;
using Platform.Domain.Models;

namespace Platform.Data.Models;

/// <summary>The registry of model versions and which one is active.</summary>
public sealed class ModelVersionStore(IDbContextFactory<PlatformDbContext> contextFactory, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<ModelVersion>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ModelVersions.AsNoTracking().OrderByDescending(v => v.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<ModelVersion?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
    }

    public async Task<ModelVersion?> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.IsActive, cancellationToken);
    }

    /// <summary>Registers a model folder that already exists (the shipped model) as a ready version; returns the stored one when the name is taken.</summary>
    public async Task<ModelVersion> RegisterAsync(string name, string folder, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ModelVersions.SingleOrDefaultAsync(v => v.Name == name, cancellationToken) is { } existing)
        {
            return existing;
        }

        var version = new ModelVersion
        {
            Id = Guid.CreateVersion7(timeProvider.GetUtcNow()),
            Name = name,
            Folder = folder,
            Status = ModelVersionStatus.Ready,
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
            FinishedAt = timeProvider.GetUtcNow().UtcDateTime,
        };
        db.ModelVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        return version;
    }

    /// <summary>Starts a training version, unless one is training already (null then: one run at a time).</summary>
    public async Task<ModelVersion?> StartTrainingAsync(string name, string folder, Guid? baseVersionId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ModelVersions.AnyAsync(v => v.Status == ModelVersionStatus.Training, cancellationToken))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var version = new ModelVersion
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Folder = folder,
            Status = ModelVersionStatus.Training,
            BaseVersionId = baseVersionId,
            CreatedAt = now.UtcDateTime,
            LeaseExpiresAt = now.UtcDateTime + Leases.Term,
        };
        db.ModelVersions.Add(version);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            if (await IsNameTakenAsync(name, cancellationToken))
            {
                throw;
            }

            // Another request (on this node or another) started a run between the check and the insert: the
            // one-training index refused this one.
            return null;
        }

        return version;
    }

    public async Task UpdateAsync(Guid id, Action<ModelVersion> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.ModelVersions.SingleAsync(v => v.Id == id, cancellationToken);
        change(version);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Makes <paramref name="id"/> the only active version (one transaction: never two, never none in between).</summary>
    public async Task ActivateAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ModelVersions.Where(v => v.IsActive && v.Id != id).ExecuteUpdateAsync(v => v.SetProperty(x => x.IsActive, false), cancellationToken);
        await db.ModelVersions.Where(v => v.Id == id)
            .ExecuteUpdateAsync(v => v.SetProperty(x => x.IsActive, true).SetProperty(x => x.ActivatedAt, timeProvider.GetUtcNow().UtcDateTime), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<bool> IsNameTakenAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ModelVersions.AnyAsync(v => v.Name == name, cancellationToken);
    }

    /// <summary>The node training <paramref name="id"/> still holds it.</summary>
    public async Task RenewLeaseAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var until = timeProvider.GetUtcNow().UtcDateTime + Leases.Term;
        await db.ModelVersions.Where(v => v.Id == id && v.Status == ModelVersionStatus.Training)
            .ExecuteUpdateAsync(v => v.SetProperty(x => x.LeaseExpiresAt, until), cancellationToken);
    }

    /// <summary>
    /// Runs left in training by a stopped node cannot resume: once their lease has run out (no node renews it) they
    /// are marked failed. A run another node is training keeps its live lease and is left alone.
    /// </summary>
    public async Task<int> FailInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return await db.ModelVersions
            .Where(v => v.Status == ModelVersionStatus.Training && (v.LeaseExpiresAt == null || v.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(v => v
            .SetProperty(x => x.Status, ModelVersionStatus.Failed)
            .SetProperty(x => x.Error, "The server stopped while this run was training; start a new run.")
            .SetProperty(x => x.FinishedAt, timeProvider.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
