using System.Text.Json.Serialization;
using Platform.Privacy;

namespace Platform.Cli.Evaluation.Pii;

/// <summary>A labelled span: the type and the UTF-16 offsets [start, end) into the message.</summary>
internal sealed record GoldSpan([property: JsonConverter(typeof(JsonStringEnumConverter<PiiType>))] PiiType Type, int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>One line of a labelled PII set (<c>tests/data/pii/*.jsonl</c>): <c>{"text", "spans": [{"type", "start", "end"}]}</c>.</summary>
internal sealed record PiiExample(string Text, IReadOnlyList<GoldSpan> Spans)
{
    public bool IsValid => Text is not null && Spans is not null && Spans.All(s => s.Start >= 0 && s.Start < s.End && s.End <= Text.Length);
}
