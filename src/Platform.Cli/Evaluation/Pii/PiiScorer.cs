using Platform.Privacy;

namespace Platform.Cli.Evaluation.Pii;

/// <summary>
/// Scores a redactor against labelled messages. A predicted span is a true positive when its type matches a gold span's
/// and it covers at least half of that gold span's length; each gold span and each prediction is matched at most once
/// (the prediction with the largest overlap wins). Unmatched predictions are false positives, unmatched gold spans
/// misses. Precision, recall and F1 are micro-averaged, per type and over all types.
/// </summary>
internal static class PiiScorer
{
    public const double MinGoldCoverage = 0.5;

    public static PiiEvalReport Score(IPiiRedactor redactor, IReadOnlyList<PiiExample> examples, string dataFile)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(examples);
        var counts = Enum.GetValues<PiiType>().ToDictionary(t => t, _ => new Counts());
        var errors = new List<PiiError>();
        for (var line = 0; line < examples.Count; line++)
        {
            var example = examples[line];
            var predicted = redactor.Redact(example.Text).Spans.ToList();
            var matched = new bool[predicted.Count];
            foreach (var gold in example.Spans)
            {
                counts[gold.Type].Gold++;
                var best = -1;
                var bestOverlap = 0;
                for (var p = 0; p < predicted.Count; p++)
                {
                    var overlap = Math.Min(gold.End, predicted[p].End) - Math.Max(gold.Start, predicted[p].Start);
                    if (!matched[p] && predicted[p].Type == gold.Type && overlap >= MinGoldCoverage * gold.Length && overlap > bestOverlap)
                    {
                        best = p;
                        bestOverlap = overlap;
                    }
                }

                if (best >= 0)
                {
                    matched[best] = true;
                    counts[gold.Type].Found++;
                }
                else
                {
                    errors.Add(new PiiError(line + 1, "miss", gold.Type.ToString(), example.Text[gold.Start..gold.End], example.Text));
                }
            }

            for (var p = 0; p < predicted.Count; p++)
            {
                counts[predicted[p].Type].Predicted++;
                if (matched[p])
                {
                    counts[predicted[p].Type].Correct++;
                }
                else
                {
                    errors.Add(new PiiError(line + 1, "false_positive", predicted[p].Type.ToString(), predicted[p].Original, example.Text));
                }
            }
        }

        var total = new Counts
        {
            Gold = counts.Values.Sum(c => c.Gold),
            Found = counts.Values.Sum(c => c.Found),
            Predicted = counts.Values.Sum(c => c.Predicted),
            Correct = counts.Values.Sum(c => c.Correct),
        };
        return new PiiEvalReport
        {
            Data = dataFile,
            Count = examples.Count,
            Rule = $"a prediction is correct when its type matches and it covers >= {MinGoldCoverage:0.##} of a gold span's length",
            Overall = total.Metrics(),
            Types = counts.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.Metrics(), StringComparer.Ordinal),
            Errors = errors,
        };
    }

    private sealed class Counts
    {
        public int Gold { get; set; }

        public int Found { get; set; }

        public int Predicted { get; set; }

        public int Correct { get; set; }

        public PiiMetrics Metrics()
        {
            var precision = Predicted > 0 ? Correct / (double)Predicted : 1;
            var recall = Gold > 0 ? Found / (double)Gold : 1;
            var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            return new PiiMetrics(Math.Round(precision, 4), Math.Round(recall, 4), Math.Round(f1, 4), Gold, Predicted, Found, Predicted - Correct);
        }
    }
}
