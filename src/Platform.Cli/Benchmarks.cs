using System.Diagnostics;
using System.Globalization;
using System.Net;
using Platform.Client;

namespace Platform.Cli;

/// <summary>Measurements that print their figures; they assert nothing.</summary>
internal static class Benchmarks
{
    private static readonly string[] Questions =
    [
        "How long does shipping take?", "how much is shipping", "do you ship to canada", "where is my order, how do I track it",
        "my package was delivered but it's not here", "the box arrived damaged", "can I change my address after ordering",
        "what is your return window", "can i return used gear", "how do i start a return", "is return shipping free",
        "when will i get my refund", "how do exchanges work", "what can't be returned", "which payment methods do you accept",
        "cancel my order", "do you price match", "how do promo codes work", "gift cards", "do you charge sales tax",
        "what is ridgeline rewards", "reset my password", "unsubscribe from emails", "delete my account",
        "how can I contact support", "store opening hours", "warranty on your gear", "make a warranty claim",
        "do you repair zippers", "how do i wash my down jacket", "re-waterproof my rain jacket", "store my tent",
        "care for leather boots", "how warm is the cirrus jacket", "summit 2 tent weight", "trailblazer boots sizing",
        "40L backpack torso fit", "is the summit tent good for snow", "what's the weather tomorrow", "write me a poem",
    ];

    /// <summary>Starts the server process on a fresh data folder and times how long until <c>/readyz</c> says 200.</summary>
    public static async Task<int> StartupAsync(Options options, CancellationToken cancellationToken)
    {
        var serverDll = options.Get("server", Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Platform.Server", "bin", "Release", "net10.0", "Platform.Server.dll"));
        var runs = options.GetInt("runs", 3);
        var port = options.GetInt("port", 5181);
        var timings = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var data = Directory.CreateTempSubdirectory("platform-bench-");
            var start = new ProcessStartInfo("dotnet", [Path.GetFullPath(serverDll), "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["Platform__Database__ConnectionString"] = $"Data Source={Path.Combine(data.FullName, "platform.db")}",
                    ["Platform__Server__KeysPath"] = Path.Combine(data.FullName, "keys"),
                },
            };
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("readyz", cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(10, cancellationToken);
            }

            timings.Add(Stopwatches.Ms(started));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
            data.Delete(recursive: true);
        }

        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold start to /readyz (fresh database, sample KB seeded), {runs} runs: median {timings[timings.Count / 2]:0} ms, min {timings[0]:0} ms, max {timings[^1]:0} ms"));
        return 0;
    }

    /// <summary>Asks the running server N questions over REST, one at a time, and prints the round-trip percentiles.</summary>
    public static async Task<int> RestRoundTripAsync(Options options, CancellationToken cancellationToken)
    {
        var count = options.GetInt("count", 200);
        using var http = new HttpClient { BaseAddress = new Uri(options.Get("url", "http://localhost:5080").TrimEnd('/') + "/") };
        var api = new PlatformApiClient(http);
        var timings = new List<double>(count);
        var conversation = await api.CreateConversationAsync(cancellationToken: cancellationToken);
        var answered = 0;
        for (var i = 0; i < count; i++)
        {
            if (i % 20 == 0)
            {
                // A fresh conversation now and then keeps one visitor under the per-visitor rate limit.
                conversation = await api.CreateConversationAsync(cancellationToken: cancellationToken);
            }

            var started = Stopwatch.GetTimestamp();
            var response = await api.PostMessageAsync(conversation.Id, conversation.VisitorToken, Questions[i % Questions.Length], cancellationToken: cancellationToken);
            timings.Add(Stopwatches.Ms(started));
            answered += response.Reply.Citations.Count > 0 ? 1 : 0;
        }

        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"REST question round trip over {count} questions: p50 {Stopwatches.Percentile(timings, 0.50):0.0} ms, p99 {Stopwatches.Percentile(timings, 0.99):0.0} ms, max {timings[^1]:0.0} ms; {answered} answered with a citation"));
        return 0;
    }
}
