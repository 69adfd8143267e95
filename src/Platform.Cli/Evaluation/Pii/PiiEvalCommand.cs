using System.Globalization;
using System.Text.Json;
using Platform.Privacy;

namespace Platform.Cli.Evaluation.Pii;

/// <summary>
/// <c>Platform.Cli eval pii --data FILE.jsonl [--out FILE.json] [--floors FILE.json] [--errors N]</c>: runs the PII
/// redactor over a labelled set and prints precision, recall and F1 per type and overall (rule in <see cref="PiiScorer"/>).
/// Exit codes as <c>eval</c>: 0 measured (and every floor held), 1 below a floor, 2 could not measure.
/// </summary>
internal static class PiiEvalCommand
{
    public const string Usage = "usage: Platform.Cli eval pii --data FILE.jsonl [--out FILE.json] [--floors FILE.json] [--errors N]";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "data", "out", "floors", "errors" };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        var root = RepositoryRoot.Find();
        try
        {
            var values = EvalOptions.ParseValues(args, Known);
            var data = RepositoryRoot.Resolve(root, values.TryGetValue("data", out var d) ? d : throw new EvalUsageException("--data is required"));
            if (!File.Exists(data))
            {
                throw new EvalUsageException($"--data: no file at '{d}' ({data})");
            }

            var floors = values.TryGetValue("floors", out var f) ? await EvalFloors.ReadAsync(RepositoryRoot.Resolve(root, f), cancellationToken) : null;
            var shownErrors = values.TryGetValue("errors", out var e)
                ? int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new EvalUsageException($"--errors must be a whole number, not '{e}'")
                : 20;
            var examples = await EvalSet.ReadAsync<PiiExample>(data, x => x.IsValid, cancellationToken);
            var report = PiiScorer.Score(new PiiRedactor(), examples, data);
            if (values.TryGetValue("out", out var outFile))
            {
                outFile = Path.GetFullPath(outFile);
                Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
                await File.WriteAllTextAsync(outFile, JsonSerializer.Serialize(report, EvalCommand.JsonOptions) + Environment.NewLine, cancellationToken);
                await progress.WriteLineAsync($"eval pii: wrote {outFile}");
            }

            Print(report, output, shownErrors);
            if (floors is null)
            {
                return 0;
            }

            return EvalFloors.Print(EvalFloors.Check(JsonSerializer.SerializeToNode(report, EvalCommand.JsonOptions), floors), floors.Count, f!, output);
        }
        catch (Exception ex) when (ex is EvalUsageException or InvalidDataException)
        {
            await progress.WriteLineAsync($"eval pii: {ex.Message}");
            await progress.WriteLineAsync(Usage);
            return 2;
        }
    }

    public static void Print(PiiEvalReport report, TextWriter output, int shownErrors)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var i = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(i, $"eval pii: {report.Count} messages from {report.Data}"));
        output.WriteLine($"          {report.Rule}");
        output.WriteLine();
        output.WriteLine("type            precision  recall     f1   gold  pred    tp    fp");
        foreach (var (type, m) in report.Types.Append(new KeyValuePair<string, PiiMetrics>("overall", report.Overall)))
        {
            output.WriteLine(string.Create(i, $"{type,-14} {m.Precision,10:0.000} {m.Recall,7:0.000} {m.F1,6:0.000} {m.Gold,6} {m.Predicted,5} {m.TruePositives,5} {m.FalsePositives,5}"));
        }

        foreach (var error in report.Errors.Take(shownErrors))
        {
            output.WriteLine(string.Create(i, $"  line {error.Line} {error.Kind} {error.Type}: \"{error.Span}\" in \"{error.Text.ReplaceLineEndings(" ")}\""));
        }

        if (report.Errors.Count > shownErrors)
        {
            output.WriteLine(string.Create(i, $"  … {report.Errors.Count - shownErrors} more errors (--errors N, or --out for all)"));
        }

        output.WriteLine();
    }
}
