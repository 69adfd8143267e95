namespace Platform.Cli.Evaluation.Pii;

/// <summary>Precision, recall and F1 of one type (or all); precision and recall are 1 when there was nothing to find or predict.</summary>
internal sealed record PiiMetrics(double Precision, double Recall, double F1, int Gold, int Predicted, int TruePositives, int FalsePositives);

/// <summary>One gold span missed or one prediction that matched nothing; <c>Line</c> is the 1-based line of the data file.</summary>
internal sealed record PiiError(int Line, string Kind, string Type, string Span, string Text);

/// <summary>What <c>Platform.Cli eval pii</c> writes with <c>--out</c>; floors name fields such as <c>overall.recall</c> or <c>types.Email.recall</c>.</summary>
internal sealed record PiiEvalReport
{
    public required string Data { get; init; }

    public required int Count { get; init; }

    public required string Rule { get; init; }

    public required PiiMetrics Overall { get; init; }

    public required IReadOnlyDictionary<string, PiiMetrics> Types { get; init; }

    public required IReadOnlyList<PiiError> Errors { get; init; }
}
