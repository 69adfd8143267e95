using System.Globalization;
using Platform.Contracts.Knowledge;

namespace Platform.Cli;

/// <summary>
/// Knowledge-base commands against a running server's admin API: <c>ingest</c> uploads a file or a folder as one job
/// and follows it to the end; <c>kb export</c> and <c>kb rollback</c> do what their names say.
/// </summary>
internal static class KnowledgeCommands
{
    public static Task<int> IngestAsync(Options options, CancellationToken cancellationToken) => AdminConnection.ReportingErrorsAsync(() => UploadAsync(options, cancellationToken));

    public static Task<int> ExportAsync(Options options, CancellationToken cancellationToken) => AdminConnection.ReportingErrorsAsync(() => WriteExportAsync(options, cancellationToken));

    public static Task<int> RollbackAsync(Options options, CancellationToken cancellationToken) => AdminConnection.ReportingErrorsAsync(() => RollBackAsync(options, cancellationToken));

    private static async Task<int> UploadAsync(Options options, CancellationToken cancellationToken)
    {
        var path = options.Get("path", string.Empty);
        if (path.Length == 0 || !(File.Exists(path) || Directory.Exists(path)))
        {
            Console.Error.WriteLine($"error: --path must name a file or a folder ('{path}' does not exist)");
            return 2;
        }

        var (client, slug, http) = AdminConnection.Connect(options);
        using (http)
        {
            var files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                    .Select(f => (Source: Path.GetRelativePath(path, f).Replace('\\', '/'), Path: f))
                    .ToList()
                : [(Path.GetFileName(path), path)];
            if (files.Count == 0)
            {
                Console.Error.WriteLine($"error: {path} has no files");
                return 2;
            }

            await client.EnsureKnowledgeBaseAsync(slug, slug, cancellationToken);
            var job = await client.UploadAsync(slug, files, cancellationToken);
            Console.Error.WriteLine($"uploaded {files.Count} file(s) to '{slug}' as job {job.Id}");
            var reported = 0;
            while (job.CompletedAt is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                job = await client.GetJobAsync(slug, job.Id, cancellationToken);
                if (job.Done != reported)
                {
                    reported = job.Done;
                    Console.Error.WriteLine($"  {job.Done}/{job.Total} done, {job.Failed} failed");
                }
            }

            Print(job);
            return job.Failed == 0 ? 0 : 1;
        }
    }

    private static async Task<int> WriteExportAsync(Options options, CancellationToken cancellationToken)
    {
        var (client, slug, http) = AdminConnection.Connect(options);
        using (http)
        {
            var output = options.Get("out", $"{slug}.zip");
            await using (var file = File.Create(output))
            {
                await client.ExportAsync(slug, file, cancellationToken);
            }

            Console.WriteLine($"exported '{slug}' to {output}");
            return 0;
        }
    }

    private static async Task<int> RollBackAsync(Options options, CancellationToken cancellationToken)
    {
        var (client, slug, http) = AdminConnection.Connect(options);
        using (http)
        {
            int? target = options.Values.TryGetValue("to-version", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : null;
            var result = await client.RollbackAsync(slug, target, cancellationToken);
            Console.WriteLine($"'{slug}' now has version {result.RestoredVersion}'s documents as version {result.NewVersion}: {result.DocumentsRestored} restored, {result.DocumentsRemoved} removed");
            foreach (var failure in result.Failures)
            {
                Console.WriteLine($"  not restored: {failure}");
            }

            return result.Failures.Count == 0 ? 0 : 1;
        }
    }

    private static void Print(IngestionJobDto job)
    {
        var width = Math.Max(6, job.Items.Max(i => i.Source.Length));
        Console.WriteLine($"{"source".PadRight(width)}  {"status",-9}  {"chunks",6}  error");
        foreach (var item in job.Items)
        {
            Console.WriteLine($"{item.Source.PadRight(width)}  {item.Status,-9}  {item.Chunks,6}  {item.Error}");
        }

        Console.WriteLine($"{job.Total} file(s): {job.Total - job.Failed} ok, {job.Failed} failed");
    }
}
