using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Platform.Data.Identity;
using Platform.Domain.Conversations;
using Platform.Domain.Feedback;
using Platform.Domain.Handoffs;
using Platform.Domain.Knowledge;
using Platform.Domain.Widget;

namespace Platform.Data;

public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : IdentityDbContext<PlatformUser>(options)
{
    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<KnowledgeBase> KnowledgeBases => Set<KnowledgeBase>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Chunk> Chunks => Set<Chunk>();

    public DbSet<DocumentRevision> DocumentRevisions => Set<DocumentRevision>();

    public DbSet<ChunkEmbedding> ChunkEmbeddings => Set<ChunkEmbedding>();

    public DbSet<IngestionJob> IngestionJobs => Set<IngestionJob>();

    public DbSet<IngestionItem> IngestionItems => Set<IngestionItem>();

    public DbSet<Handoff> Handoffs => Set<Handoff>();

    public DbSet<ContactRequest> ContactRequests => Set<ContactRequest>();

    public DbSet<MessageFeedback> Feedback => Set<MessageFeedback>();

    public DbSet<WidgetSettings> WidgetSettings => Set<WidgetSettings>();

    public DbSet<Platform.Domain.Training.TrainingExample> TrainingExamples => Set<Platform.Domain.Training.TrainingExample>();

    public DbSet<Platform.Domain.Models.ModelVersion> ModelVersions => Set<Platform.Domain.Models.ModelVersion>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);
    }
}
