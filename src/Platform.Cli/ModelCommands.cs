using System.Globalization;
using Platform.Client;
using Platform.Contracts.Admin;

namespace Platform.Cli;

/// <summary>
/// <c>Platform.Cli model versions | tune [--steps N] | promote --version NAME | cancel --version NAME</c>: the model
/// registry of a running server. <c>tune</c> starts a fine-tuning run on the approved examples and follows it to the end.
/// </summary>
internal static class ModelCommands
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) => AdminConnection.ReportingErrorsAsync(async () =>
    {
        if (args.Length == 0)
        {
            throw new UsageException("model needs a command: versions, tune, promote or cancel");
        }

        var options = Options.Parse(args[1..]);
        var (client, _, http) = AdminConnection.Connect(options);
        using (http)
        {
            switch (args[0])
            {
                case "versions":
                    Print(await client.ListModelVersionsAsync(cancellationToken));
                    return 0;
                case "tune":
                    int? steps = options.Values.TryGetValue("steps", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : null;
                    return await FollowAsync(client, await client.StartFineTuneAsync(steps, cancellationToken), cancellationToken);
                case "promote":
                    var promoted = await client.PromoteModelVersionAsync((await FindAsync(client, options, cancellationToken)).Id, cancellationToken);
                    Console.WriteLine($"{promoted.Name} now answers");
                    return 0;
                case "cancel":
                    await client.CancelFineTuneAsync((await FindAsync(client, options, cancellationToken)).Id, cancellationToken);
                    Console.WriteLine("cancelled");
                    return 0;
                default:
                    throw new UsageException($"unknown model command '{args[0]}': use versions, tune, promote or cancel");
            }
        }
    });

    private static async Task<int> FollowAsync(PlatformAdminClient client, ModelVersionDto version, CancellationToken cancellationToken)
    {
        Console.WriteLine($"training {version.Name}");
        var shown = -1;
        while (version.Status == "Training")
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            version = await client.GetModelVersionAsync(version.Id, cancellationToken);
            var percent = (int)(version.Progress * 100);
            if (percent != shown)
            {
                Console.WriteLine($"  {percent}%");
                shown = percent;
            }
        }

        Console.WriteLine(version.Status == "Ready"
            ? $"{version.Name} is ready: held-out loss {version.BaseHeldOutLoss} -> {version.HeldOutLoss} ({version.TrainExamples} trained on, {version.HeldOutExamples} held out); promote it with: model promote --version {version.Name}"
            : $"{version.Name} ended {version.Status.ToLowerInvariant()}: {version.Error}");
        return version.Status == "Ready" ? 0 : 1;
    }

    private static async Task<ModelVersionDto> FindAsync(PlatformAdminClient client, Options options, CancellationToken cancellationToken)
    {
        var wanted = options.Get("version", string.Empty);
        var versions = await client.ListModelVersionsAsync(cancellationToken);
        return versions.FirstOrDefault(v => v.Name == wanted || v.Id.ToString() == wanted)
            ?? throw new UsageException($"no model version '{wanted}': {string.Join(", ", versions.Select(v => v.Name))}");
    }

    private static void Print(IReadOnlyList<ModelVersionDto> versions)
    {
        var width = Math.Max(7, versions.Max(v => v.Name.Length));
        Console.WriteLine($"{"version".PadRight(width)}  {"status",-9}  active  held-out loss (before -> after)");
        foreach (var v in versions)
        {
            var loss = v.HeldOutLoss is null ? string.Empty : $"{v.BaseHeldOutLoss} -> {v.HeldOutLoss}";
            Console.WriteLine($"{v.Name.PadRight(width)}  {v.Status,-9}  {(v.IsActive ? "yes" : string.Empty),-6}  {loss}");
        }
    }
}
