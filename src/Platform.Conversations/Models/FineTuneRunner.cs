using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Conversations.Export;
using Platform.Data.Export;
using Platform.Data.Models;
using Platform.Data.Training;
using Platform.Domain;
using Platform.Domain.Models;
using Platform.Domain.Training;

namespace Platform.Conversations.Models;

/// <summary>Why a run could not start.</summary>
public sealed class FineTuneRefusedException(string message) : Exception(message);

/// <summary>
/// Fine-tuning runs in the background, one at a time: exports the approved examples (PII redacted), holds every n-th
/// out, runs the recipe's <c>tune</c> on the rest starting from the active version, and registers the result as a new
/// version with its held-out figures. A run can be cancelled; a failed or cancelled run leaves nothing behind but its
/// record, and never touches the active version.
/// </summary>
public sealed partial class FineTuneRunner(
    ModelVersionStore versions,
    TrainingExampleStore examples,
    TrainingDataExporter exporter,
    ModelRollout rollout,
    IOptions<FineTuneOptions> options,
    IHostEnvironment environment,
    TimeProvider timeProvider,
    ILogger<FineTuneRunner> logger) : BackgroundService
{
    private const int LogLines = 60;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Channel<(Guid Id, int Steps)> _queue = Channel.CreateUnbounded<(Guid Id, int Steps)>();
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>Starts a run from the active version; refused when one is running, no version is active, or too few examples are approved.</summary>
    public async Task<ModelVersion> StartAsync(int? steps, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var active = await versions.ActiveAsync(cancellationToken)
            ?? throw new FineTuneRefusedException("No model version is active, so there is nothing to fine-tune from (set Platform:Model:Path).");
        var approved = (await examples.ListAsync(TrainingExampleStatus.Approved, 0, 1, cancellationToken)).Total;

        if (approved < settings.MinExamples)
        {
            throw new FineTuneRefusedException($"A run needs at least {settings.MinExamples} approved examples; {approved} are approved. Approve more on the Training data page.");
        }

        var root = active.Name.Split("-ft-")[0];
        var name = $"{root}-ft-{timeProvider.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}";
        var version = await versions.StartTrainingAsync(name, Path.Combine(settings.VersionsPath, name), active.Id, cancellationToken)
            ?? throw new FineTuneRefusedException("A fine-tuning run is already in progress; wait for it or cancel it.");
        await _queue.Writer.WriteAsync((version.Id, steps ?? settings.Steps), cancellationToken);
        return version;
    }

    /// <summary>Stops a run; false when it is not running.</summary>
    public bool Cancel(Guid id)
    {
        if (!_running.TryGetValue(id, out var run))
        {
            return false;
        }

        run.Cancel();
        return true;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // A run a stopped server left in training cannot resume: once its lease has run out it is failed (here, and
        // by the sweep while the node runs), so a run started now is never mistaken for it.
        await versions.FailInterruptedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweeping = FailAbandonedRunsAsync(stoppingToken);
        try
        {
            await foreach (var (id, steps) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                run.CancelAfter(TimeSpan.FromMinutes(options.Value.TimeLimitMinutes));
                _running[id] = run;
                var renewal = RenewWhileRunningAsync(id, run.Token);
                try
                {
                    await RunAsync(id, steps, run.Token);
                }
                finally
                {
                    _running.TryRemove(id, out _);
                    await run.CancelAsync();
                    await renewal;
                }
            }
        }
        finally
        {
            await sweeping;
        }
    }

    /// <summary>Renews this node's lease on the run it trains, so no other node takes it for abandoned.</summary>
    private async Task RenewWhileRunningAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Leases.RenewEvery, timeProvider, cancellationToken);
                await versions.RenewLeaseAsync(id, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            LogLeaseRenewalFailed(logger, ex.Message);
        }
    }

    /// <summary>Fails runs whose node stopped (their lease ran out), on whichever node notices first.</summary>
    private async Task FailAbandonedRunsAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Leases.RenewEvery, timeProvider, stoppingToken);
                try
                {
                    await versions.FailInterruptedAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
                {
                    LogLeaseRenewalFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(Guid id, int steps, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var version = (await versions.FindAsync(id, CancellationToken.None))!;
        var baseVersion = version.BaseVersionId is { } baseId ? await versions.FindAsync(baseId, CancellationToken.None) : null;
        var work = Path.GetFullPath(Path.Combine(settings.WorkPath, version.Name), environment.ContentRootPath);
        var output = Path.GetFullPath(version.Folder, environment.ContentRootPath);
        var log = new Queue<string>();
        try
        {
            Directory.CreateDirectory(work);
            var (train, heldOut) = await WriteExamplesAsync(work, cancellationToken);
            await versions.UpdateAsync(id, v => { v.TrainExamples = train; v.HeldOutExamples = heldOut; }, CancellationToken.None);
            LogStarted(logger, version.Name, train, heldOut);

            var exit = await RunRecipeAsync(id, baseVersion!, work, output, steps, log, cancellationToken);
            if (exit != 0)
            {
                throw new InvalidOperationException($"The recipe exited with code {exit}: {log.LastOrDefault() ?? "no output"}");
            }

            using var eval = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "eval.json"), CancellationToken.None));
            var loss = Number(eval.RootElement, "heldout_answer_loss");
            var baseLoss = Number(eval.RootElement, "base_heldout_answer_loss");
            await versions.UpdateAsync(id, v =>
            {
                v.Status = ModelVersionStatus.Ready;
                v.Progress = 1;
                v.HeldOutLoss = loss;
                v.BaseHeldOutLoss = baseLoss;
                v.FinishedAt = timeProvider.GetUtcNow().UtcDateTime;
                v.LogTail = string.Join('\n', log);
            }, CancellationToken.None);
            LogFinished(logger, version.Name, baseLoss, loss);

            if (settings.AutoPromoteMargin is { } margin && loss is { } l && baseLoss is { } b && b - l >= margin)
            {
                var promoted = await rollout.PromoteAsync((await versions.FindAsync(id, CancellationToken.None))!, CancellationToken.None);
                LogAutoPromoted(logger, version.Name, promoted.Promoted, promoted.Error ?? "none");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            TryDelete(output);
            await versions.UpdateAsync(id, v =>
            {
                v.Status = cancelled ? ModelVersionStatus.Cancelled : ModelVersionStatus.Failed;
                v.Error = cancelled ? "Cancelled (or stopped at the time limit) before it finished." : ex.Message;
                v.FinishedAt = timeProvider.GetUtcNow().UtcDateTime;
                v.LogTail = string.Join('\n', log);
            }, CancellationToken.None);
            LogFailed(logger, ex, version.Name, cancelled);
        }
    }

    /// <summary>Writes train.jsonl and heldout.jsonl: every n-th approved example (in id order) is held out.</summary>
    private async Task<(int Train, int HeldOut)> WriteExamplesAsync(string work, CancellationToken cancellationToken)
    {
        var every = options.Value.HoldOutEvery;
        int train = 0, heldOut = 0, index = 0;
        await using (var trainFile = new StreamWriter(Path.Combine(work, "train.jsonl")))
        await using (var heldOutFile = new StreamWriter(Path.Combine(work, "heldout.jsonl")))
        {
            await foreach (var line in exporter.ExportAsync(ExportFormat.Approved, new ExportFilter(), cancellationToken))
            {
                var json = JsonSerializer.Serialize(line, Json);
                if (index++ % every == every - 1)
                {
                    await heldOutFile.WriteLineAsync(json);
                    heldOut++;
                }
                else
                {
                    await trainFile.WriteLineAsync(json);
                    train++;
                }
            }
        }

        return (train, heldOut);
    }

    private async Task<int> RunRecipeAsync(Guid id, ModelVersion baseVersion, string work, string output, int steps, Queue<string> log, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var start = new ProcessStartInfo(settings.Python)
        {
            WorkingDirectory = environment.ContentRootPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.GetFullPath(settings.Recipe, environment.ContentRootPath), "tune", "--preset", settings.Preset,
            "--base", Path.GetFullPath(baseVersion.Folder, environment.ContentRootPath),
            "--jsonl", Path.Combine(work, "train.jsonl"), "--heldout", Path.Combine(work, "heldout.jsonl"),
            "--out", output, "--work", Path.Combine(work, "run"), "--steps", steps.ToString(CultureInfo.InvariantCulture),
            "--attention", settings.Attention,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {settings.Python}.");
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.Enqueue(line);
                while (log.Count > LogLines)
                {
                    log.Dequeue();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var progressLog = Path.Combine(work, "run", "log_tune.jsonl");
        try
        {
            while (!process.HasExited)
            {
                await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));

                // WhenAny does not throw for cancelled tasks: without this a cancelled run would spin here.
                cancellationToken.ThrowIfCancellationRequested();
                var progress = ReadProgress(progressLog);
                string tail;
                lock (log)
                {
                    tail = string.Join('\n', log);
                }

                await versions.UpdateAsync(id, v => { v.Progress = progress ?? v.Progress; v.LogTail = tail; }, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await process.WaitForExitAsync(CancellationToken.None);
        return process.ExitCode;
    }

    /// <summary>The last progress the recipe logged (0 to 1), or null before its first step.</summary>
    private static double? ReadProgress(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            // The step log grows a line per step: read only its end, not the whole file every second.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Seek(Math.Max(0, file.Length - 4096), SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0)
            {
                return null;
            }

            using var last = JsonDocument.Parse(lines[^1]);
            return last.RootElement.GetProperty("progress").GetDouble();
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException)
        {
            return null; // a line half written: the next poll reads it whole
        }
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping fine-tuning runs' leases failed: {Reason}")]
    private static partial void LogLeaseRenewalFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fine-tuning {Name}: {Train} examples to train on, {HeldOut} held out")]
    private static partial void LogStarted(ILogger logger, string name, int train, int heldOut);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fine-tuned {Name}: held-out loss {Before} -> {After}")]
    private static partial void LogFinished(ILogger logger, string name, double? before, double? after);

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-promotion of {Name}: {Promoted} ({Error})")]
    private static partial void LogAutoPromoted(ILogger logger, string name, bool promoted, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fine-tuning {Name} ended without a version (cancelled: {Cancelled})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name, bool cancelled);
}
