using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Data;
using Platform.Server.Widget;

namespace Platform.Server.Knowledge;

/// <summary>
/// <c>/api/v1/sources/{chunkId}</c>: the passage a citation points at, public and read-only, so a visitor can check
/// what an answer stands on. Served as plain text (and <c>nosniff</c>), so HTML in a document never runs.
/// </summary>
internal static class SourceEndpoints
{
    public static RouteGroupBuilder MapSourceEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/{chunkId:long}", Get).AllowAnonymous().RequireCors(WidgetOptions.CorsPolicy);
        return group;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(
        long chunkId, HttpContext context, IDbContextFactory<PlatformDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var passage = await db.Chunks.AsNoTracking()
            .Where(c => c.Id == chunkId)
            .Select(c => new { c.Title, c.HeadingPath, c.Text, c.Document!.Source })
            .SingleOrDefaultAsync(cancellationToken);
        if (passage is null)
        {
            return TypedResults.Problem(
                "No such passage: the document may have been changed or removed since the answer cited it.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Source not found");
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        var heading = string.IsNullOrEmpty(passage.HeadingPath) ? string.Empty : $"{passage.HeadingPath}\n";
        return TypedResults.Text($"{passage.Title}\n{heading}({passage.Source})\n\n{passage.Text}\n", "text/plain; charset=utf-8");
    }
}
