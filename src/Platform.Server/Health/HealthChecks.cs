using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Data;
using Platform.Inference;
using Platform.Inference.Embeddings;
using Platform.Knowledge.Seeding;

namespace Platform.Server.Health;

internal sealed class DatabaseHealthCheck(IDbContextFactory<PlatformDbContext> contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var where = $"{db.Database.ProviderName?.Split('.').Last()} at {db.Database.GetDbConnection().DataSource}";
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The database answers.")
            : HealthCheckResult.Unhealthy($"The database ({where}) does not answer.");
    }
}

internal sealed class KnowledgeHealthCheck(KnowledgeReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            readiness.Failure is { } failure ? HealthCheckResult.Unhealthy($"Seeding the knowledge base failed: {failure}")
            : readiness.IsReady ? HealthCheckResult.Healthy("The knowledge base is in place.")
            : HealthCheckResult.Unhealthy("The knowledge base is still being seeded."));
}

/// <summary>Degraded, not unhealthy, when the model failed to load: the platform still answers, extractively.</summary>
internal sealed class ModelHealthCheck(LocalModelHost host, Microsoft.Extensions.Options.IOptions<ModelOptions> options) : IHealthCheck
{
    // An endpoint is not probed here: a probe would cost the model node a generation per readiness check, and a
    // failing endpoint already falls back to the extractive answer reply by reply.
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            options.Value is { Endpoint.Length: > 0 } remote ? HealthCheckResult.Healthy($"Replies come from {remote.EndpointModel} at {remote.Endpoint}; the extractive answer stands in when it fails.")
            : !host.IsConfigured ? HealthCheckResult.Healthy("No local model is configured; replies are extractive.")
            : host.Model is { } model ? HealthCheckResult.Healthy($"Model {model.Name} runs on {model.ExecutionProvider}.")
            : HealthCheckResult.Degraded($"The model could not be loaded, so replies are extractive: {host.LoadError ?? "still loading"}"));
}

/// <summary>Degraded, not unhealthy, when the embedding model failed to load: retrieval still works on BM25 alone.</summary>
internal sealed class EmbeddingModelHealthCheck(EmbeddingModelHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !host.IsConfigured ? HealthCheckResult.Healthy("No embedding model is configured; retrieval is BM25 only.")
            : host.Generator is { } generator ? HealthCheckResult.Healthy($"Embedding model {generator.Model.Name} ({generator.Model.Dimensions} dimensions) runs on {generator.Model.ExecutionProvider}.")
            : HealthCheckResult.Degraded($"The embedding model could not be loaded, so retrieval is BM25 only: {host.LoadError}"));
}
