namespace Platform.Knowledge.Retrieval;

/// <summary>
/// The scope model of one sentence encoder: confidence = logistic(<see cref="CoverageWeight"/> × coverage +
/// <see cref="SimilarityWeight"/> × best cosine + <see cref="UnknownWordWeight"/> when the question has a word no passage
/// uses + <see cref="Intercept"/>), an estimate of the chance that the knowledge
/// base answers the question. A cosine means something different for every encoder, so each has its own; the
/// defaults were fitted on the public dev sets (docs/evaluation.md says how).
/// </summary>
public sealed class DenseConfidence
{
    public double CoverageWeight { get; set; }

    /// <summary>
    /// Added when some word of the question occurs in no passage ("walmart", "python"): asked in the knowledge base's
    /// own phrasing, a question about something else still reaches a high cosine. Negative.
    /// </summary>
    public double UnknownWordWeight { get; set; }

    public double SimilarityWeight { get; set; }

    public double Intercept { get; set; }

    public double Of(double coverage, double knownShare, double similarity) =>
        1.0 / (1.0 + Math.Exp(-((CoverageWeight * coverage) + (knownShare < 1 ? UnknownWordWeight : 0) + (SimilarityWeight * similarity) + Intercept)));
}
