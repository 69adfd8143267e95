using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Admin;
using Platform.Conversations.Models;
using Platform.Data.Models;
using Platform.Domain.Models;
using Platform.Server.Conversations;

namespace Platform.Server.Admin;

/// <summary>Model versions, fine-tuning runs, promotion and rollback (admin).</summary>
internal static class ModelVersionEndpoints
{
    public static RouteGroupBuilder MapModelVersionEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/api/v1/models/versions", async (ModelVersionStore versions, CancellationToken ct) =>
            TypedResults.Ok((await versions.ListAsync(ct)).Select(v => ToDto(v, withLog: false)).ToList()));
        group.MapGet("/api/v1/models/versions/{id:guid}", GetAsync);
        group.MapPost("/api/v1/models/fine-tunes", StartAsync);
        group.MapPost("/api/v1/models/versions/{id:guid}/cancel", Cancel);
        group.MapPost("/api/v1/models/versions/{id:guid}/promote", PromoteAsync);
        return group;
    }

    private static async Task<Results<Ok<ModelVersionDto>, ProblemHttpResult>> GetAsync(Guid id, ModelVersionStore versions, CancellationToken cancellationToken) =>
        await versions.FindAsync(id, cancellationToken) is { } version ? TypedResults.Ok(ToDto(version, withLog: true)) : NotFound(id);

    private static async Task<Results<Accepted<ModelVersionDto>, ProblemHttpResult>> StartAsync(
        StartFineTuneRequest? request, FineTuneRunner runner, CancellationToken cancellationToken)
    {
        if (request?.Steps is < 1 or > 100_000)
        {
            return TypedResults.Problem("steps is 1 to 100000.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid fine-tuning run");
        }

        try
        {
            var version = await runner.StartAsync(request?.Steps, cancellationToken);
            return TypedResults.Accepted($"/api/v1/models/versions/{version.Id}", ToDto(version, withLog: false));
        }
        catch (FineTuneRefusedException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Fine-tuning refused");
        }
    }

    private static Results<NoContent, ProblemHttpResult> Cancel(Guid id, FineTuneRunner runner) =>
        runner.Cancel(id)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"Version {id} is not training.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to cancel");

    private static async Task<Results<Ok<ModelVersionDto>, ProblemHttpResult>> PromoteAsync(
        Guid id, ModelVersionStore versions, ModelRollout rollout, CancellationToken cancellationToken)
    {
        if (await versions.FindAsync(id, cancellationToken) is not { } version)
        {
            return NotFound(id);
        }

        var result = await rollout.PromoteAsync(version, cancellationToken);
        if (!result.Promoted)
        {
            var status = version.Status == ModelVersionStatus.Ready ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
            return TypedResults.Problem(result.Error, statusCode: status, title: "Not promoted");
        }

        return TypedResults.Ok(ToDto((await versions.FindAsync(id, cancellationToken))!, withLog: false));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no model version {id}.", statusCode: StatusCodes.Status404NotFound, title: "Model version not found");

    private static ModelVersionDto ToDto(ModelVersion v, bool withLog) => new(
        v.Id, v.Name, v.Status.ToString(), v.IsActive, v.BaseVersionId, v.CreatedAt.AsUtc(), v.FinishedAt is { } f ? f.AsUtc() : null,
        v.ActivatedAt is { } a ? a.AsUtc() : null, Math.Round(v.Progress, 3), v.TrainExamples, v.HeldOutExamples, v.HeldOutLoss, v.BaseHeldOutLoss, v.Error,
        withLog ? v.LogTail : null);
}
