using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Cli.Evaluation;

/// <summary>One question of an eval set (<c>questions.jsonl</c>, the Eval contract in ARCHITECTURE.md).</summary>
internal sealed record EvalQuestion(
    string Id,
    string Question,
    [property: JsonPropertyName("gold_answer")] string GoldAnswer,
    [property: JsonPropertyName("gold_source")] string GoldSource,
    [property: JsonPropertyName("gold_sources")] IReadOnlyList<string>? GoldSources)
{
    /// <summary>Every source that counts as a hit: <c>gold_sources</c> when given, else <c>gold_source</c> alone.</summary>
    public IReadOnlyList<string> AllGoldSources => GoldSources is { Count: > 0 } ? GoldSources : [GoldSource];
}

/// <summary>One message of an out-of-scope set (<c>oos.jsonl</c>): <c>in_scope</c> or <c>out_of_scope</c>.</summary>
internal sealed record ScopeMessage(string Id, string Text, string Label)
{
    public bool IsOutOfScope => string.Equals(Label, "out_of_scope", StringComparison.Ordinal);
}

/// <summary>Reads the JSONL files of an eval set; a bad line is an error that names the file and line.</summary>
internal static class EvalSet
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static Task<IReadOnlyList<EvalQuestion>> ReadQuestionsAsync(string file, CancellationToken cancellationToken) =>
        ReadAsync<EvalQuestion>(file, q => !string.IsNullOrWhiteSpace(q.Question) && !string.IsNullOrWhiteSpace(q.GoldSource), cancellationToken);

    public static Task<IReadOnlyList<ScopeMessage>> ReadScopeMessagesAsync(string file, CancellationToken cancellationToken) =>
        ReadAsync<ScopeMessage>(file, m => !string.IsNullOrWhiteSpace(m.Text) && m.Label is "in_scope" or "out_of_scope", cancellationToken);

    internal static async Task<IReadOnlyList<T>> ReadAsync<T>(string file, Func<T, bool> isValid, CancellationToken cancellationToken)
    {
        var records = new List<T>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            T? record;
            try
            {
                record = JsonSerializer.Deserialize<T>(line, JsonOptions);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file}:{lineNumber}: not a JSON object ({e.Message})", e);
            }

            if (record is null || !isValid(record))
            {
                throw new InvalidDataException($"{file}:{lineNumber}: missing or invalid fields for a {typeof(T).Name}");
            }

            records.Add(record);
        }

        return records;
    }
}
