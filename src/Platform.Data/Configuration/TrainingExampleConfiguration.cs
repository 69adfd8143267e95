using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Conversations;
using Platform.Domain.Training;

namespace Platform.Data.Configuration;

internal sealed class TrainingExampleConfiguration : IEntityTypeConfiguration<TrainingExample>
{
    public void Configure(EntityTypeBuilder<TrainingExample> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.CreatedBy).HasMaxLength(64);
        builder.Property(t => t.ReviewedBy).HasMaxLength(64);
        builder.Property(t => t.ReviewNote).HasMaxLength(2000);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Message>().WithMany().HasForeignKey(t => t.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.MessageId, t.Kind }).IsUnique();
        builder.HasIndex(t => new { t.Status, t.CreatedAt });
    }
}
