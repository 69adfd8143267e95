using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Conversations;

namespace Platform.Data.Configuration;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ClientMessageId).HasMaxLength(64);
        builder.Property(m => m.Model).HasMaxLength(128);
        builder.Property(m => m.ModelVersion).HasMaxLength(64);

        // The database, not the code path, guarantees ordering and idempotency.
        builder.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();
        builder.HasIndex(m => new { m.ConversationId, m.ClientMessageId }).IsUnique().HasFilter("\"ClientMessageId\" IS NOT NULL");
        builder.HasIndex(m => m.InReplyToId);

        builder.OwnsMany(m => m.Citations, citation => citation.ToJson());
    }
}
