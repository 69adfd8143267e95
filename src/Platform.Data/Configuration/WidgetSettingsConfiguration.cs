using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Widget;

namespace Platform.Data.Configuration;

internal sealed class WidgetSettingsConfiguration : IEntityTypeConfiguration<WidgetSettings>
{
    public void Configure(EntityTypeBuilder<WidgetSettings> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Title).HasMaxLength(60);
        builder.Property(w => w.Greeting).HasMaxLength(500);
        builder.Property(w => w.PrimaryColor).HasMaxLength(7);
        builder.Property(w => w.TextOnPrimaryColor).HasMaxLength(7);
        builder.Property(w => w.Position).HasMaxLength(5);
    }
}
