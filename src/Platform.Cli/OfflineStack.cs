using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Conversations;
using Platform.Conversations.Messages;
using Platform.Conversations.Replies;
using Platform.Data;
using Platform.Data.Conversations;
using Platform.Inference;
using Platform.Knowledge;
using Platform.Knowledge.Retrieval;
using Platform.Knowledge.Seeding;

namespace Platform.Cli;

/// <summary>A visitor message asked through the conversation service: the stored reply, or null when validation refused the message.</summary>
internal sealed record AskedReply(Guid KnowledgeBaseId, ReplyFinished? Finished, double LatencyMs);

/// <summary>
/// The real stack composed offline, as the server composes it (data, knowledge, inference, conversations), on a
/// SQLite store in a folder the caller owns: what <c>bench generate --quality</c> and <c>eval</c> ask their questions through.
/// </summary>
internal static class OfflineStack
{
    /// <summary>Share of a reply's content words that must occur in its passages for it to count as grounded.</summary>
    public const double GroundedShare = 0.8;

    /// <summary>
    /// The host; <paramref name="seedFolder"/> is ingested into the default knowledge base at start (null: an empty
    /// one), <paramref name="modelFolder"/> null answers without a model (the extractive path);
    /// <paramref name="settings"/> are further configuration values on top of those (e.g. a model option to compare).
    /// </summary>
    public static IHost Build(
        string repositoryRoot, string? seedFolder, string? modelFolder, string dataFolder, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // No appsettings.json and no environment: the figures must not depend on what the server happens to be configured with.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = repositoryRoot,
            ApplicationName = "Platform.Cli",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platform:Database:ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "platform.db")}",
            ["Platform:KnowledgeBase:SeedPath"] = seedFolder ?? string.Empty,
            ["Platform:Model:Path"] = modelFolder ?? string.Empty,
            ["Platform:Model:ExecutionProvider"] = "cpu",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Fallbacks are counted in the reports; a warning per question would bury them.
        builder.Logging.AddFilter(level => level >= LogLevel.Error);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddPlatformData();
        builder.AddKnowledge();
        builder.AddInference();
        builder.AddConversations();
        return builder.Build();
    }

    /// <summary>
    /// Runs <paramref name="work"/> against a started host on a fresh store in a temporary folder, and removes the
    /// folder afterwards whatever happens.
    /// </summary>
    public static async Task<T> WithFreshStoreAsync<T>(
        string repositoryRoot, Func<IServiceProvider, Task<T>> work, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var data = Directory.CreateTempSubdirectory("platform-offline-");
        try
        {
            using var host = Build(repositoryRoot, seedFolder: null, modelFolder: null, data.FullName, settings);
            await host.StartAsync(cancellationToken);
            try
            {
                return await work(host.Services);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Refuses a store that already holds a schema: eval and bench fill the store they are given and delete it
    /// afterwards, so one that is not theirs (a PostgreSQL database named by mistake) must never be used.
    /// </summary>
    public static async Task EnsureFreshStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync(cancellationToken);
        if (await db.Database.CanConnectAsync(cancellationToken) && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            throw new InvalidOperationException(
                $"the database at {db.Database.GetDbConnection().DataSource} ({db.Database.GetDbConnection().Database}) already holds the platform's tables; " +
                "name a database that does not exist yet: it is created for this run and dropped afterwards.");
        }
    }

    /// <summary>Drops the store <see cref="EnsureFreshStoreAsync"/> found fresh (a SQLite file goes with its folder).</summary>
    public static async Task DeleteStoreAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync();
        await db.Database.EnsureDeletedAsync();
    }

    /// <summary>Waits until the default knowledge base exists (and its seed folder is ingested) and the model, if any, loaded.</summary>
    public static async Task WaitUntilReadyAsync(IServiceProvider services, string? modelFolder, CancellationToken cancellationToken)
    {
        var readiness = services.GetRequiredService<KnowledgeReadiness>();
        while (!readiness.IsReady)
        {
            if (readiness.Failure is { } failure)
            {
                throw new InvalidOperationException($"Preparing the knowledge base failed: {failure}");
            }

            await Task.Delay(50, cancellationToken);
        }

        var modelHost = services.GetRequiredService<LocalModelHost>();
        if (modelFolder is not null && modelHost.Model is null)
        {
            throw new InvalidOperationException($"The model at {modelFolder} did not load: {modelHost.LoadError}");
        }
    }

    /// <summary>Starts a conversation for <paramref name="visitorId"/> and asks <paramref name="text"/> in it, timing the reply.</summary>
    public static async Task<AskedReply> AskAsync(IServiceProvider services, string visitorId, string clientMessageId, string text, CancellationToken cancellationToken)
    {
        var conversations = services.GetRequiredService<ConversationService>();
        var conversation = await conversations.StartAsync(visitorId, null, cancellationToken);
        AppendResult accepted;
        try
        {
            accepted = await conversations.AcceptVisitorMessageAsync(conversation.Id, visitorId, clientMessageId, text, cancellationToken);
        }
        catch (InvalidMessageException)
        {
            return new AskedReply(conversation.KnowledgeBaseId!.Value, null, 0);
        }

        var asked = Stopwatch.GetTimestamp();
        var finished = await conversations.ReplyAsync(accepted.Message, cancellationToken)
            ?? throw new InvalidOperationException("The bot did not reply (the conversation is not the bot's).");
        return new AskedReply(conversation.KnowledgeBaseId!.Value, finished, Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
    }

    /// <summary>
    /// The share of <paramref name="replyText"/>'s content words found in the passages the reply was built from: the
    /// same retrieval the service ran, cut to what the prompt holds.
    /// </summary>
    public static async Task<double> SupportedShareAsync(IServiceProvider services, Guid knowledgeBaseId, string question, string replyText, CancellationToken cancellationToken)
    {
        var retriever = services.GetRequiredService<IRetriever>();
        var knowledge = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        var settings = services.GetRequiredService<IOptions<ConversationOptions>>().Value;
        var retrieval = await retriever.RetrieveAsync(knowledgeBaseId, question, knowledge.TopK, cancellationToken);
        return GroundingCheck.SupportedShare(replyText, retrieval.Passages.Take(settings.PassagesInPrompt).Select(p => p.Text));
    }
}
