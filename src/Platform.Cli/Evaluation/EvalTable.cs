using System.Globalization;

namespace Platform.Cli.Evaluation;

/// <summary>The readable form of an <see cref="EvalReport"/>.</summary>
internal static class EvalTable
{
    public static void Print(EvalReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var i = CultureInfo.InvariantCulture;
        var c = report.Config;
        var r = report.Retrieval;
        var a = report.Answers;
        var h = report.Handoff;
        var l = report.LatencyMs;
        output.WriteLine();
        output.WriteLine(string.Create(i, $"eval: {report.Inputs.Kb} ({report.Ingest.Documents} documents, {report.Ingest.Chunks} chunks, {report.Ingest.Failed.Count} failed)"));
        output.WriteLine(string.Create(i, $"      {report.Count} questions from {report.Inputs.Questions}; {h.Count} scope messages from {report.Inputs.Oos ?? "-"}"));
        output.WriteLine(string.Create(i, $"      {c.Path} path (model {c.Model}), service top-k {c.ServiceTopK}, MinConfidence {c.MinConfidence:0.00}{(c.Limit is { } n ? $", LIMITED to {n}" : string.Empty)}"));
        output.WriteLine();
        output.WriteLine("metric                 value");
        output.WriteLine(string.Create(i, $"retrieval recall@1   {r.RecallAt1,7:0.000}"));
        output.WriteLine(string.Create(i, $"retrieval recall@5   {r.RecallAt5,7:0.000}"));
        output.WriteLine(string.Create(i, $"retrieval recall@10  {r.RecallAt10,7:0.000}"));
        output.WriteLine(string.Create(i, $"retrieval mrr@10     {r.MrrAt10,7:0.000}"));
        output.WriteLine(string.Create(i, $"answers f1           {a.F1,7:0.000}   (answered only {a.F1Answered:0.000}; {a.Answered} answered: {a.Extractive} extractive, {a.Generated} generated; {a.Clarified} asked which entry, {a.ClarifiedWithGold} of them offering the gold one; {a.NoAnswer} not answered)"));
        output.WriteLine(string.Create(i, $"answers wrong entry  {a.WrongEntry,7}   (answered from a passage that is not gold)"));
        output.WriteLine(string.Create(i, $"answers grounded     {a.Grounded,7:0.000}"));
        if (h.Count > 0)
        {
            output.WriteLine(string.Create(i, $"handoff precision    {h.Precision,7:0.000}   (positive class: out_of_scope = the bot did not answer)"));
            output.WriteLine(string.Create(i, $"handoff recall       {h.Recall,7:0.000}"));
            output.WriteLine(string.Create(i, $"handoff f1           {h.F1,7:0.000}   (tp {h.TruePositives}, fp {h.FalsePositives}, fn {h.FalseNegatives}, tn {h.TrueNegatives})"));
        }
        else
        {
            output.WriteLine("handoff              n/a     (no --oos file)");
        }

        output.WriteLine(string.Create(i, $"latency p50 (ms)     {l.P50,7:0.0}"));
        output.WriteLine(string.Create(i, $"latency p99 (ms)     {l.P99,7:0.0}   ({l.Count} replies)"));
        output.WriteLine(string.Create(i, $"time (s)             {report.Timing.TotalS,7:0.0}   (ingest {report.Timing.IngestS:0.0}, questions {report.Timing.QuestionsS:0.0}, scope {report.Timing.ScopeS:0.0})"));

        var misses = report.Questions.Where(q => q.FirstHitRank is null or > 5).ToList();
        if (misses.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(i, $"not in the top 5 ({misses.Count}): {string.Join(", ", misses.Take(20).Select(q => q.FirstHitRank is { } rank ? $"{q.Id} (rank {rank})" : q.Id))}{(misses.Count > 20 ? ", …" : string.Empty)}"));
        }

        var wrongScope = report.Scope.Where(s => s.Predicted != s.Label).ToList();
        if (wrongScope.Count > 0)
        {
            output.WriteLine(string.Create(i, $"scope errors ({wrongScope.Count}): {string.Join(", ", wrongScope.Take(20).Select(s => $"{s.Id} ({s.Label}, conf {s.Confidence ?? 0:0.00})"))}{(wrongScope.Count > 20 ? ", …" : string.Empty)}"));
        }

        output.WriteLine();
    }
}
