namespace Platform.Cli;

/// <summary>
/// <c>Platform.Cli export</c>: downloads training data from a running server as JSONL (PII redacted), streaming it
/// to a file: <c>--format chat|preferences</c>, <c>--approved-only true</c>, <c>--from</c>/<c>--to</c> (yyyy-mm-dd),
/// <c>--kb SLUG</c>, <c>--rating 1-5</c>, <c>--out FILE</c>.
/// </summary>
internal static class ExportCommand
{
    private static readonly string[] Filters = ["format", "approved-only", "from", "to", "kb", "rating"];

    public static Task<int> RunAsync(Options options, CancellationToken cancellationToken) => AdminConnection.ReportingErrorsAsync(async () =>
    {
        var query = Filters
            .Where(options.Values.ContainsKey)
            .ToDictionary(name => name == "approved-only" ? "approvedOnly" : name, name => options.Values[name]);
        var output = options.Get("out", $"transcripts-{options.Get("format", "chat")}{(options.Get("approved-only", "false") == "true" ? "-approved" : string.Empty)}.jsonl");
        var (client, _, http) = AdminConnection.Connect(options);
        using (http)
        {
            var partial = output + ".partial";
            await using (var file = File.Create(partial))
            {
                await client.ExportTranscriptsAsync(query, file, cancellationToken);
            }

            // Renamed only once complete, so a cut-off download never looks like a finished export.
            File.Move(partial, output, overwrite: true);
            var lines = File.ReadLines(output).LongCount();
            Console.WriteLine($"exported {lines} lines ({new FileInfo(output).Length:N0} bytes) to {output}");
            return 0;
        }
    });
}
