using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Domain.Knowledge;
using Platform.Knowledge.Dense;
using Platform.Knowledge.Indexing;
using Platform.Knowledge.Ingestion;
using Platform.Knowledge.Ingestion.Parsing;
using Platform.Knowledge.Jobs;
using Platform.Knowledge.Watching;
using Platform.TestSupport;

namespace Platform.Knowledge.Tests;

/// <summary>The watched folder and the ingestion worker together, on a real migrated SQLite file.</summary>
public sealed class FolderWatcherTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("platform-watch-").FullName;
    private TestDatabase _database = null!;
    private KnowledgeFolderWatcher _watcher = null!;
    private IngestionWorker _worker = null!;
    private IngestionSignal _signal = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var options = Options.Create(new KnowledgeOptions { WatchKnowledgeBase = "watched" });
        var ingestor = new KnowledgeIngestor(_database, new KnowledgeBaseSynonyms(_database), new ChunkEmbeddingWorker(_database, new ChunkEmbedder(Options.Create(new KnowledgeOptions())), new ChunkVectorIndex(_database), NullLogger<ChunkEmbeddingWorker>.Instance), new Fts5SearchIndex(), new DocumentParsers(options), options, TimeProvider.System, NullLogger<KnowledgeIngestor>.Instance);
        _signal = new IngestionSignal();
        var jobs = new IngestionJobs(_database, _signal, options, TimeProvider.System);
        _watcher = new KnowledgeFolderWatcher(options, new Environment(_folder), ingestor, jobs, _database, TimeProvider.System, NullLogger<KnowledgeFolderWatcher>.Instance);
        _worker = new IngestionWorker(_database, ingestor, _signal, TimeProvider.System, NullLogger<IngestionWorker>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _worker.Dispose();
        _signal.Dispose();
    }

    [Fact]
    public async Task NewFile_IsIngestedOnceItIsStable_AndARemovedFileIsDeleted()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "boots.md"), "# Boots\n\n## Are they waterproof?\n\nYes, with a GORE-TEX lining.");

        Assert.Equal(0, await _watcher.ScanAsync(_folder, CancellationToken.None));
        Assert.Equal(1, await _watcher.ScanAsync(_folder, CancellationToken.None));
        await DrainAsync();
        Assert.Equal(0, await _watcher.ScanAsync(_folder, CancellationToken.None));
        Assert.Equal(["boots.md"], await SourcesAsync());

        File.Delete(Path.Combine(_folder, "boots.md"));
        Assert.Equal(1, await _watcher.ScanAsync(_folder, CancellationToken.None));
        await DrainAsync();

        Assert.Empty(await SourcesAsync());
    }

    [Fact]
    public async Task BadFile_FailsOnce_AndIsNotQueuedAgainUntilItChanges()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.xlsx"), "not a document");
        await _watcher.ScanAsync(_folder, CancellationToken.None);
        Assert.Equal(1, await _watcher.ScanAsync(_folder, CancellationToken.None));
        await DrainAsync();

        Assert.Equal(0, await _watcher.ScanAsync(_folder, CancellationToken.None));
        await using var db = _database.CreateDbContext();
        var item = await db.IngestionItems.SingleAsync();
        Assert.Equal(IngestionItemStatus.Failed, item.Status);
        Assert.Contains("Unsupported", item.Error, StringComparison.Ordinal);
        Assert.Null(item.Content);
    }

    [Fact]
    public async Task Worker_AfterAStopMidItem_RequeuesItAndFinishesIt()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "tent.md"), "# Tent\n\nSleeps two.");
        await _watcher.ScanAsync(_folder, CancellationToken.None);
        await _watcher.ScanAsync(_folder, CancellationToken.None);
        await using (var db = _database.CreateDbContext())
        {
            // As a crash would leave it: picked up, never finished.
            await db.IngestionItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IngestionItemStatus.Parsing));
        }

        await _worker.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await SourcesAsync()).Count == 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        await _worker.StopAsync(CancellationToken.None);
        Assert.Equal(["tent.md"], await SourcesAsync());
    }

    [Fact]
    public async Task Worker_LeavesAnItemAnotherNodeHolds_AndTakesItOverOnceItsLeaseRunsOut()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "stove.md"), "# Stove\n\nBurns white gas.");
        await _watcher.ScanAsync(_folder, CancellationToken.None);
        await _watcher.ScanAsync(_folder, CancellationToken.None);
        var held = TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(1);
        await using (var db = _database.CreateDbContext())
        {
            // As another node leaves it while it parses: picked up, lease live.
            await db.IngestionItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IngestionItemStatus.Parsing).SetProperty(i => i.LeaseExpiresAt, held));
        }

        await _worker.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Empty(await SourcesAsync());
            await using (var db = _database.CreateDbContext())
            {
                Assert.Equal(IngestionItemStatus.Parsing, (await db.IngestionItems.SingleAsync()).Status);

                // That node stopped: its lease runs out without renewal.
                await db.IngestionItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1)));
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await SourcesAsync()).Count == 0)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        finally
        {
            await _worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(["stove.md"], await SourcesAsync());
    }

    private async Task DrainAsync()
    {
        while (await _worker.ProcessNextAsync(CancellationToken.None))
        {
        }
    }

    private async Task<List<string>> SourcesAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.Documents.Select(d => d.Source).ToListAsync();
    }

    private sealed class Environment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "Tests";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
