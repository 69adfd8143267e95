using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Knowledge;
using Platform.Data;
using Platform.Domain.Knowledge;
using Platform.Inference.Embeddings;
using Platform.Knowledge;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Export;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Jobs;

namespace Platform.Server.Knowledge;

/// <summary>The admin REST API for knowledge bases: <c>/api/v1/knowledge-bases</c>. Every route needs the admin policy.</summary>
internal static class KnowledgeBaseEndpoints
{
    /// <summary>The most one upload request may carry, all files together.</summary>
    private const long MaxUploadBytes = 512L * 1024 * 1024;

    public static RouteGroupBuilder MapKnowledgeBaseEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{slug}/documents", ListDocuments);
        group.MapPost("/{slug}/documents", Upload)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxUploadBytes });
        group.MapDelete("/{slug}/documents/{documentId:guid}", DeleteDocument);
        group.MapGet("/{slug}/documents/{documentId:guid}/revisions", ListRevisions);
        group.MapGet("/{slug}/jobs", ListJobs);
        group.MapGet("/{slug}/jobs/{jobId:guid}", GetJob);
        group.MapPost("/{slug}/reindex", Reindex);
        group.MapGet("/{slug}/vectors", GetVectors);
        group.MapGet("/{slug}/synonyms", GetSynonyms);
        group.MapPut("/{slug}/synonyms", PutSynonyms);
        group.MapGet("/{slug}/export", Export);
        group.MapPost("/{slug}/rollback", Rollback);
        return group;
    }

    private static async Task<Ok<List<KnowledgeBaseDto>>> List(IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = await db.KnowledgeBases.AsNoTracking().OrderBy(k => k.Slug)
            .Select(k => new KnowledgeBaseDto(k.Id, k.Slug, k.Name, k.Version, k.Documents.Count, k.Documents.Sum(d => d.Chunks.Count), k.UpdatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<KnowledgeBaseDto>, ProblemHttpResult>> Create(
        CreateKnowledgeBaseRequest request, KnowledgeBaseCatalog catalog, KnowledgeIngestor ingestor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Slug) || !System.Text.RegularExpressions.Regex.IsMatch(request.Slug, "^[a-z0-9][a-z0-9-]{0,63}$"))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid slug", "A slug is 1-64 lower-case letters, digits and dashes, starting with a letter or digit.");
        }

        if (await catalog.FindIdAsync(request.Slug, cancellationToken) is not null)
        {
            return Problem(StatusCodes.Status409Conflict, "Knowledge base exists", $"A knowledge base '{request.Slug}' already exists.");
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? request.Slug : request.Name.Trim();
        var created = await ingestor.EnsureKnowledgeBaseAsync(request.Slug, name[..Math.Min(name.Length, 200)], cancellationToken);
        return TypedResults.Created($"/api/v1/knowledge-bases/{created.Slug}", new KnowledgeBaseDto(created.Id, created.Slug, created.Name, created.Version, 0, 0, created.UpdatedAt));
    }

    /// <summary>The dense index's progress: while a re-index or a model change re-embeds, how many chunks are done.</summary>
    private static async Task<Results<Ok<VectorStatusDto>, ProblemHttpResult>> GetVectors(
        string slug, KnowledgeBaseCatalog catalog, ChunkEmbeddingWorker worker, EmbeddingModelHost encoder, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        var status = await worker.GetStatusAsync(id, cancellationToken);
        return TypedResults.Ok(new VectorStatusDto(status.Model, status.Embedded, status.Total, status.Model != "none" && status.Complete, status.Running, status.LastError, encoder.LoadError));
    }

    private static async Task<Results<Ok<List<DocumentDto>>, ProblemHttpResult>> ListDocuments(
        string slug, KnowledgeBaseCatalog catalog, IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = await db.Documents.AsNoTracking().Where(d => d.KnowledgeBaseId == id).OrderBy(d => d.Source)
            .Select(d => new DocumentDto(d.Id, d.Source, d.Title, d.ContentType, d.SizeBytes, d.Status.ToString(), d.Version, d.Chunks.Count, d.UpdatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(documents);
    }

    /// <summary>Accepts a multipart upload of one or more files; answers 202 with the job to poll for per-file status.</summary>
    private static async Task<Results<Accepted<IngestionJobDto>, ProblemHttpResult>> Upload(
        string slug, HttpRequest request, KnowledgeBaseCatalog catalog, IngestionJobs jobs, IOptions<KnowledgeOptions> options, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        if (!request.HasFormContentType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Not a file upload", "Send the files as multipart/form-data, one part per file.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "No files", "The upload has no file parts.");
        }

        var limit = options.Value.MaxDocumentBytes;
        var files = new List<IngestionRequest>(form.Files.Count);
        foreach (var file in form.Files)
        {
            if (file.Length > limit)
            {
                // Not read at all: the item records the refusal and the rest of the batch goes on.
                files.Add(new IngestionRequest(file.FileName, null, RejectedBecause: $"The file is {file.Length} bytes; the limit is {limit}.", Size: file.Length));
                continue;
            }

            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancellationToken);
            files.Add(new IngestionRequest(file.FileName, buffer.ToArray()));
        }

        try
        {
            var job = await jobs.EnqueueAsync(id, "api", files, cancellationToken);
            return TypedResults.Accepted($"/api/v1/knowledge-bases/{slug}/jobs/{job.Id}", ToDto(slug, job));
        }
        catch (ArgumentException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Upload refused", ex.Message);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDocument(
        string slug, Guid documentId, KnowledgeBaseCatalog catalog, KnowledgeIngestor ingestor, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        return await ingestor.DeleteAsync(id, documentId, cancellationToken)
            ? TypedResults.NoContent()
            : Problem(StatusCodes.Status404NotFound, "Document not found", $"No document {documentId} in the knowledge base '{slug}'.");
    }

    private static async Task<Results<Ok<List<DocumentRevisionDto>>, ProblemHttpResult>> ListRevisions(
        string slug, Guid documentId, KnowledgeBaseCatalog catalog, IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var source = await db.Documents.Where(d => d.Id == documentId && d.KnowledgeBaseId == id).Select(d => d.Source).SingleOrDefaultAsync(cancellationToken);
        if (source is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Document not found", $"No document {documentId} in the knowledge base '{slug}'.");
        }

        var revisions = await db.DocumentRevisions.AsNoTracking().Where(r => r.KnowledgeBaseId == id && r.Source == source)
            .OrderByDescending(r => r.AddedInVersion)
            .Select(r => new DocumentRevisionDto(r.Id, r.Source, r.ContentType, r.ContentHash, r.Content.Length, r.AddedInVersion, r.RemovedInVersion, r.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(revisions);
    }

    private static async Task<Results<Ok<List<IngestionJobDto>>, ProblemHttpResult>> ListJobs(
        string slug, KnowledgeBaseCatalog catalog, IngestionJobs jobs, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        var list = await jobs.ListAsync(id, 50, cancellationToken);
        return TypedResults.Ok(list.Select(j => ToDto(slug, j)).ToList());
    }

    private static async Task<Results<Ok<IngestionJobDto>, ProblemHttpResult>> GetJob(
        string slug, Guid jobId, KnowledgeBaseCatalog catalog, IngestionJobs jobs, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        return await jobs.FindAsync(id, jobId, cancellationToken) is { } job
            ? TypedResults.Ok(ToDto(slug, job))
            : Problem(StatusCodes.Status404NotFound, "Job not found", $"No ingestion job {jobId} in the knowledge base '{slug}'.");
    }

    /// <summary>Re-parses every live document from its stored bytes (after a parser or chunking change), as a job.</summary>
    private static async Task<Results<Accepted<IngestionJobDto>, ProblemHttpResult>> Reindex(
        string slug, KnowledgeBaseCatalog catalog, IngestionJobs jobs, IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var live = await db.DocumentRevisions.AsNoTracking().Where(r => r.KnowledgeBaseId == id && r.RemovedInVersion == null)
            .OrderBy(r => r.Source).Select(r => new { r.Source, r.Content }).ToListAsync(cancellationToken);
        if (live.Count == 0)
        {
            return Problem(StatusCodes.Status409Conflict, "Nothing to re-index", $"The knowledge base '{slug}' has no stored documents.");
        }

        var job = await jobs.EnqueueAsync(id, "reindex", [.. live.Select(r => new IngestionRequest(r.Source, r.Content, Force: true))], cancellationToken);
        return TypedResults.Accepted($"/api/v1/knowledge-bases/{slug}/jobs/{job.Id}", ToDto(slug, job));
    }

    private static async Task<Results<Ok<SynonymsDto>, ProblemHttpResult>> GetSynonyms(
        string slug, KnowledgeBaseCatalog catalog, IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var text = await db.KnowledgeBases.Where(k => k.Id == id).Select(k => k.Synonyms).SingleAsync(cancellationToken);
        return TypedResults.Ok(new SynonymsDto(text));
    }

    private static async Task<Results<Ok<SynonymsDto>, ProblemHttpResult>> PutSynonyms(
        string slug, SynonymsDto request, KnowledgeBaseCatalog catalog, KnowledgeIngestor ingestor, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        try
        {
            await ingestor.UpdateSynonymsAsync(id, request.Synonyms ?? string.Empty, cancellationToken);
        }
        catch (FormatException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid synonym list", ex.Message);
        }

        return TypedResults.Ok(new SynonymsDto(request.Synonyms ?? string.Empty));
    }

    /// <summary>The live documents as a zip, built in a temporary file so a large knowledge base is not held in memory.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Export(
        string slug, KnowledgeBaseCatalog catalog, KnowledgeBaseExporter exporter, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await exporter.ExportAsync(id, file, cancellationToken);
        file.Position = 0;
        return TypedResults.File(file, "application/zip", $"{slug}.zip");
    }

    private static async Task<Results<Ok<RollbackResponse>, ProblemHttpResult>> Rollback(
        string slug, RollbackRequest? request, KnowledgeBaseCatalog catalog, KnowledgeIngestor ingestor, CancellationToken cancellationToken)
    {
        if (await catalog.FindIdAsync(slug, cancellationToken) is not { } id)
        {
            return NotFound(slug);
        }

        try
        {
            var result = await ingestor.RollbackAsync(id, request?.ToVersion, cancellationToken);
            return TypedResults.Ok(new RollbackResponse(result.RestoredVersion, result.NewVersion, result.DocumentsRestored, result.DocumentsRemoved, result.Failures));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Nothing to roll back to", ex.Message.Split(" (Parameter", 2)[0]);
        }
        catch (InvalidOperationException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Changed meanwhile", ex.Message);
        }
    }

    private static IngestionJobDto ToDto(string slug, IngestionJob job) => new(
        job.Id,
        slug,
        job.Origin,
        job.CreatedAt,
        job.CompletedAt,
        job.Items.Count,
        job.Items.Count(i => i.CompletedAt is not null),
        job.Items.Count(i => i.Status == IngestionItemStatus.Failed),
        [.. job.Items.OrderBy(i => i.Ordinal).Select(i => new IngestionItemDto(i.Source, i.SizeBytes, i.Status.ToString(), i.DocumentId, i.Chunks, i.Error, i.CompletedAt))]);

    private static ProblemHttpResult NotFound(string slug) =>
        Problem(StatusCodes.Status404NotFound, "Knowledge base not found", $"No knowledge base '{slug}' exists.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
