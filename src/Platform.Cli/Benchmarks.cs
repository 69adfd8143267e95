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
    /// <summary>
    /// Question round trips over REST, <c>--concurrency</c> visitors at once. With several <c>--url</c>s (nodes of one
    /// deployment, comma-separated) it runs twice in one go: every visitor on the first node, then the visitors spread
    /// round-robin over all of them, and prints the throughput ratio at the p99 each run had.
    /// </summary>
    public static async Task<int> RestRoundTripAsync(Options options, CancellationToken cancellationToken)
    {
        var count = options.GetInt("count", 200);
        var concurrency = Math.Max(1, options.GetInt("concurrency", 1));
        var urls = options.Get("url", "http://localhost:5080")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u.TrimEnd('/') + "/"))
            .ToList();
        var clients = urls.Select(u => new PlatformApiClient(new HttpClient { BaseAddress = u })).ToList();
        var single = await RestRunAsync(clients.Take(1).ToList(), count, concurrency, cancellationToken);
        Print($"one node ({urls[0]})", count, concurrency, single);
        if (clients.Count > 1)
        {
            var spread = await RestRunAsync(clients, count, concurrency, cancellationToken);
            Print($"{clients.Count} nodes round-robin", count, concurrency, spread);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput {spread.PerSecond / single.PerSecond:0.00}x one node's, p99 {Stopwatches.Percentile(spread.Timings, 0.99):0.0} ms against {Stopwatches.Percentile(single.Timings, 0.99):0.0} ms " +
                $"({Environment.ProcessorCount} cores on this machine, shared by every node, the database and this client)"));
        }

        return 0;
    }

    private static void Print(string what, int count, int concurrency, RestRun run) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"REST question round trip, {what}, {count} questions by {concurrency} visitor(s) at once: {run.PerSecond:0.0} answers/s, " +
            $"p50 {Stopwatches.Percentile(run.Timings, 0.50):0.0} ms, p99 {Stopwatches.Percentile(run.Timings, 0.99):0.0} ms, max {run.Timings[^1]:0.0} ms; {run.Answered} answered with a citation"));

    private static async Task<RestRun> RestRunAsync(List<PlatformApiClient> nodes, int count, int concurrency, CancellationToken cancellationToken)
    {
        var timings = new List<double>(count);
        var answered = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var visitors = Enumerable.Range(0, concurrency).Select(async visitor =>
        {
            // Each visitor keeps to one node, as a balancer with sticky sessions would place it.
            var api = nodes[visitor % nodes.Count];
            var conversation = await api.CreateConversationAsync(cancellationToken: cancellationToken);
            var asked = 0;
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                if (++asked % 20 == 0)
                {
                    // A fresh conversation now and then keeps one visitor under the per-visitor rate limit.
                    conversation = await api.CreateConversationAsync(cancellationToken: cancellationToken);
                }

                var sent = Stopwatch.GetTimestamp();
                var cited = false;
                try
                {
                    var response = await api.PostMessageAsync(conversation.Id, conversation.VisitorToken, Questions[i % Questions.Length], cancellationToken: cancellationToken);
                    cited = response.Reply.Citations.Count > 0;
                }
                catch (PlatformApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
                {
                    // Unanswered questions in a row handed the chat to a person: the message is stored, the bot is out
                    // of it. A round trip all the same; the visitor goes on in a new conversation.
                    conversation = await api.CreateConversationAsync(cancellationToken: cancellationToken);
                }

                var ms = Stopwatches.Ms(sent);
                lock (timings)
                {
                    timings.Add(ms);
                    answered += cited ? 1 : 0;
                }
            }
        });
        await Task.WhenAll(visitors);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        timings.Sort();
        return new RestRun(timings, answered, count / seconds);
    }

    private sealed record RestRun(List<double> Timings, int Answered, double PerSecond);
}
