using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Models;

namespace Platform.Data.Configuration;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Name).HasMaxLength(100);
        builder.Property(v => v.Folder).HasMaxLength(1000);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Error).HasMaxLength(4000);
        builder.Property(v => v.LogTail).HasMaxLength(32_000);
        builder.HasIndex(v => v.Name).IsUnique();
        builder.HasIndex(v => v.IsActive);
        // One run trains at a time across every node: a second insert in Training breaks this index, whatever the race.
        builder.HasIndex(v => v.Status).IsUnique().HasFilter("\"Status\" = 'Training'").HasDatabaseName("IX_ModelVersions_OneTraining");
    }
}
