using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Domain.Conversations;
using Platform.Domain.Feedback;
using Platform.Domain.Handoffs;

namespace Platform.Data.Configuration;

internal sealed class HandoffConfiguration : IEntityTypeConfiguration<Handoff>
{
    public void Configure(EntityTypeBuilder<Handoff> builder)
    {
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Reason).HasConversion<string>().HasMaxLength(32);
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(h => h.AgentId).HasMaxLength(64);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(h => h.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => new { h.Status, h.RequestedAt });
    }
}

internal sealed class MessageFeedbackConfiguration : IEntityTypeConfiguration<MessageFeedback>
{
    public void Configure(EntityTypeBuilder<MessageFeedback> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Rating).HasConversion<string>().HasMaxLength(8);
        builder.Property(f => f.Comment).HasMaxLength(2000);
        builder.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => f.MessageId);
    }
}

internal sealed class ContactRequestConfiguration : IEntityTypeConfiguration<ContactRequest>
{
    public void Configure(EntityTypeBuilder<ContactRequest> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(c => c.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ClosedAt, c.CreatedAt });
    }
}
