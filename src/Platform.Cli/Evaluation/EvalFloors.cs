using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Cli.Evaluation;

/// <summary>A metric that fell below its floor (or was not measured at all).</summary>
internal sealed record FloorFailure(string Metric, double Floor, double? Actual)
{
    public override string ToString() => Actual is { } actual
        ? string.Create(CultureInfo.InvariantCulture, $"{Metric} = {actual:0.0000} is below its floor {Floor:0.0000}")
        : string.Create(CultureInfo.InvariantCulture, $"{Metric} was not measured (floor {Floor:0.0000})");
}

/// <summary>
/// Floors: a JSON object that maps a metric's path in the report to the least value it may have, e.g.
/// <c>{"retrieval.recall@5": 0.88, "retrieval.mrr@10": 0.72, "handoff.f1": 0.88}</c>. Every metric named is one where
/// higher is better; a floor on a field the report does not have is an error in the floors file.
/// </summary>
internal static class EvalFloors
{
    public static async Task<IReadOnlyDictionary<string, double>> ReadAsync(string file, CancellationToken cancellationToken)
    {
        JsonNode? root;
        try
        {
            await using var stream = File.OpenRead(file);
            root = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new EvalUsageException($"--floors {file}: not JSON ({e.Message})");
        }

        if (root is not JsonObject floors)
        {
            throw new EvalUsageException($"--floors {file}: expected an object of \"metric.path\": number");
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (metric, value) in floors)
        {
            result[metric] = value is JsonValue v && v.TryGetValue<double>(out var floor)
                ? floor
                : throw new EvalUsageException($"--floors {file}: the floor of '{metric}' is not a number");
        }

        return result;
    }

    public static IReadOnlyList<FloorFailure> Check(EvalReport report, IReadOnlyDictionary<string, double> floors) =>
        Check(JsonSerializer.SerializeToNode(report, EvalCommand.JsonOptions), floors);

    /// <summary>Checks any report, as the JSON it is written as (the <c>eval pii</c> report too).</summary>
    public static IReadOnlyList<FloorFailure> Check(JsonNode? json, IReadOnlyDictionary<string, double> floors)
    {
        ArgumentNullException.ThrowIfNull(floors);
        var failures = new List<FloorFailure>();
        foreach (var (metric, floor) in floors)
        {
            var node = json;
            foreach (var part in metric.Split('.'))
            {
                node = node is JsonObject o && o.TryGetPropertyValue(part, out var child)
                    ? child
                    : throw new EvalUsageException($"floor '{metric}': the report has no such field");
            }

            double? actual = node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
            if (node is not null && actual is null)
            {
                throw new EvalUsageException($"floor '{metric}': that field is not a number");
            }

            if (actual is null || actual < floor)
            {
                failures.Add(new FloorFailure(metric, floor, actual));
            }
        }

        return failures;
    }

    /// <summary>Prints each failure and a summary line; the exit code: 0 when every floor held, 1 otherwise.</summary>
    public static int Print(IReadOnlyList<FloorFailure> failures, int floorCount, string floorsFile, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var failure in failures)
        {
            output.WriteLine($"BELOW FLOOR: {failure}");
        }

        output.WriteLine(failures.Count == 0
            ? $"floors: all {floorCount} held ({floorsFile})"
            : $"floors: {failures.Count} of {floorCount} failed ({floorsFile})");
        return failures.Count == 0 ? 0 : 1;
    }
}
