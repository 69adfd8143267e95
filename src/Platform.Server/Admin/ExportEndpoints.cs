using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Conversations;
using Platform.Conversations.Export;
using Platform.Data.Export;
using Platform.Knowledge;

namespace Platform.Server.Admin;

/// <summary>
/// <c>GET /api/v1/transcripts/export</c>: training data as JSONL, streamed as it is read, PII redacted.
/// <c>format=chat</c> (default) writes one conversation per line, or with <c>approvedOnly=true</c> one approved example
/// per line; <c>format=preferences</c> writes <c>{"prompt","chosen","rejected"}</c> per approved correction.
/// </summary>
internal static partial class ExportEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public static RouteGroupBuilder MapExportEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/api/v1/transcripts/export", ExportAsync);
        return group;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext context, TrainingDataExporter exporter, KnowledgeBaseCatalog knowledgeBases, ILoggerFactory loggers, CancellationToken cancellationToken,
        string? format = null, bool approvedOnly = false, DateOnly? from = null, DateOnly? to = null, string? kb = null, int? rating = null)
    {
        ExportFormat chosen;
        switch (format?.ToLowerInvariant())
        {
            case null or "" or "chat":
                chosen = approvedOnly ? ExportFormat.Approved : ExportFormat.Conversations;
                break;
            case "preferences":
                chosen = ExportFormat.Preferences;
                break;
            default:
                return Invalid($"Unknown format '{format}': use chat or preferences.");
        }

        if (rating is < 1 or > 5)
        {
            return Invalid("A rating is 1 to 5.");
        }

        if (from is { } first && to is { } last && first > last)
        {
            return Invalid("from must be on or before to.");
        }

        Guid? knowledgeBaseId = null;
        if (!string.IsNullOrEmpty(kb))
        {
            knowledgeBaseId = await knowledgeBases.FindIdAsync(kb, cancellationToken)
                ?? throw new KnowledgeBaseNotFoundException(kb);
        }

        var filter = new ExportFilter(
            from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), knowledgeBaseId, rating);
        var name = chosen switch { ExportFormat.Preferences => "preferences", ExportFormat.Approved => "approved", _ => "conversations" };
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"transcripts-{name}.jsonl\"";

        var body = context.Response.Body;
        var lines = 0;
        try
        {
            await foreach (var line in exporter.ExportAsync(chosen, filter, cancellationToken))
            {
                await JsonSerializer.SerializeAsync(body, line, Json, cancellationToken);
                await body.WriteAsync(NewLine, cancellationToken);
                if (++lines % 64 == 0)
                {
                    await body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The status line is gone by now: cut the response short so the client sees a broken download, not a complete file.
            LogExportFailed(loggers.CreateLogger(typeof(ExportEndpoints)), ex, lines);
            context.Abort();
        }

        return Results.Empty;
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    [LoggerMessage(Level = LogLevel.Error, Message = "The transcript export failed after {Lines} lines")]
    private static partial void LogExportFailed(ILogger logger, Exception exception, int lines);
}
