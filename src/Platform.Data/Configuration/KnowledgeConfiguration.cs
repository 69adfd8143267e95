using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Knowledge;

namespace Platform.Data.Configuration;

internal sealed class KnowledgeBaseConfiguration : IEntityTypeConfiguration<KnowledgeBase>
{
    public void Configure(EntityTypeBuilder<KnowledgeBase> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Slug).HasMaxLength(64);
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.HasIndex(k => k.Slug).IsUnique();
        builder.HasMany(k => k.Documents).WithOne(d => d.KnowledgeBase).HasForeignKey(d => d.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Source).HasMaxLength(1024);
        builder.Property(d => d.Title).HasMaxLength(500);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.ContentHash).HasMaxLength(64);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(d => new { d.KnowledgeBaseId, d.Source }).IsUnique();
        builder.HasIndex(d => d.ContentHash);
        builder.HasMany(d => d.Chunks).WithOne(c => c.Document).HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChunkConfiguration : IEntityTypeConfiguration<Chunk>
{
    public void Configure(EntityTypeBuilder<Chunk> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.HasIndex(c => new { c.DocumentId, c.Ordinal }).IsUnique();
    }
}
