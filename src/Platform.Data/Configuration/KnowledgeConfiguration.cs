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
        builder.Property(k => k.Synonyms).HasMaxLength(100_000);
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

internal sealed class DocumentRevisionConfiguration : IEntityTypeConfiguration<DocumentRevision>
{
    public void Configure(EntityTypeBuilder<DocumentRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Source).HasMaxLength(1024);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.ContentHash).HasMaxLength(64);
        builder.HasOne<KnowledgeBase>().WithMany().HasForeignKey(r => r.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.KnowledgeBaseId, r.Source, r.AddedInVersion });
    }
}

internal sealed class ChunkEmbeddingConfiguration : IEntityTypeConfiguration<ChunkEmbedding>
{
    public void Configure(EntityTypeBuilder<ChunkEmbedding> builder)
    {
        // A chunk has a passage vector and may have a heading vector (model id + "/heading"), so the model is in the key.
        builder.HasKey(e => new { e.ChunkId, e.Model });
        builder.Property(e => e.ChunkId).ValueGeneratedNever();
        builder.Property(e => e.Model).HasMaxLength(200);
        builder.HasOne<Chunk>().WithMany().HasForeignKey(e => e.ChunkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IngestionJobConfiguration : IEntityTypeConfiguration<IngestionJob>
{
    public void Configure(EntityTypeBuilder<IngestionJob> builder)
    {
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Origin).HasMaxLength(32);
        builder.HasOne<KnowledgeBase>().WithMany().HasForeignKey(j => j.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(j => j.Items).WithOne(i => i.Job).HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.KnowledgeBaseId, j.CreatedAt });
    }
}

internal sealed class IngestionItemConfiguration : IEntityTypeConfiguration<IngestionItem>
{
    public void Configure(EntityTypeBuilder<IngestionItem> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Source).HasMaxLength(1024);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.Error).HasMaxLength(2000);
        builder.HasIndex(i => new { i.JobId, i.Ordinal }).IsUnique();
        // The worker's scan for work left after a restart.
        builder.HasIndex(i => i.Status);
    }
}
