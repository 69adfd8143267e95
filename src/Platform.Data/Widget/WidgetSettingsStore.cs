using Microsoft.EntityFrameworkCore;
using Platform.Domain.Widget;

namespace Platform.Data.Widget;

/// <summary>The widget's one settings row.</summary>
public sealed class WidgetSettingsStore(IDbContextFactory<PlatformDbContext> contextFactory, TimeProvider timeProvider)
{
    /// <summary>The stored settings; null until an admin first saves some.</summary>
    public async Task<WidgetSettings?> FindAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.WidgetSettings.AsNoTracking().SingleOrDefaultAsync(w => w.Id == WidgetSettings.SingletonId, cancellationToken);
    }

    public async Task<WidgetSettings> SaveAsync(WidgetSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.WidgetSettings.SingleOrDefaultAsync(w => w.Id == WidgetSettings.SingletonId, cancellationToken);
        if (stored is null)
        {
            stored = settings;
            stored.Id = WidgetSettings.SingletonId;
            db.WidgetSettings.Add(stored);
        }
        else
        {
            stored.Title = settings.Title;
            stored.Greeting = settings.Greeting;
            stored.PrimaryColor = settings.PrimaryColor;
            stored.TextOnPrimaryColor = settings.TextOnPrimaryColor;
            stored.Position = settings.Position;
        }

        stored.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return stored;
    }
}
