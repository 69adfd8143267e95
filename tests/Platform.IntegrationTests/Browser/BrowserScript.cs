using System.Diagnostics;
using System.Text;
using Platform.TestSupport;

namespace Platform.IntegrationTests.Browser;

/// <summary>
/// Runs one of the browser scenarios in <c>web/e2e/</c> (Node.js, playwright-core, Debian's chromium) against a
/// server the test started, and fails the test with the scenario's log when it exits non-zero. A scenario can ask
/// the test to act between its steps (restart the server, answer as an agent): it prints <c>@@name</c>, the test
/// runs the control of that name, then writes <c>@@done name</c> (or <c>@@failed name</c>) to the script's stdin.
/// </summary>
internal static class BrowserScript
{
    public static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>Screenshots land here (a test artifact; <c>artifacts/</c> is ignored by git).</summary>
    public static string Artifacts => Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");

    public static async Task RunAsync(
        string script,
        Uri server,
        IDictionary<string, string>? settings = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, Func<Task>>? controls = null)
    {
        // A missing browser fails rather than skips: CI installs it, so its absence is a broken machine, not a pass.
        Assert.True(File.Exists(Chromium), $"Chromium is not installed at {Chromium}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH.");

        var start = new ProcessStartInfo("node", Path.Combine("web", "e2e", script))
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["PLATFORM_URL"] = server.ToString();
        start.Environment["ARTIFACTS"] = Artifacts;
        start.Environment["CHROMIUM_PATH"] = Chromium;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        var controlRuns = new List<Task>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("@@", StringComparison.Ordinal) && !e.Data.StartsWith("@@done", StringComparison.Ordinal))
            {
                lock (controlRuns)
                {
                    controlRuns.Add(RunControlAsync(e.Data[2..].Trim(), controls, process, log));
                }
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} did not finish in time:\n{log}");
        }

        process.WaitForExit();
        Task[] runs;
        lock (controlRuns)
        {
            runs = [.. controlRuns];
        }

        await Task.WhenAll(runs);
        Assert.True(process.ExitCode == 0, $"{script} failed (exit {process.ExitCode}):\n{log}");
    }

    private static async Task RunControlAsync(string name, IReadOnlyDictionary<string, Func<Task>>? controls, Process process, StringBuilder log)
    {
        var outcome = "done";
        try
        {
            if (controls is null || !controls.TryGetValue(name, out var control))
            {
                throw new InvalidOperationException($"The test offers no control named {name}.");
            }

            await control();
        }
#pragma warning disable CA1031 // The scenario must hear of any failure, or it waits until its timeout.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = "failed";
            lock (log)
            {
                log.AppendLine($"control {name} failed: {ex}");
            }
        }

        await process.StandardInput.WriteLineAsync($"@@{outcome} {name}");
        await process.StandardInput.FlushAsync();
    }
}
