using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Platform.Conversations.Export;
using Platform.Data.Export;
using Platform.Privacy;
using Platform.TestSupport;
using Xunit.Abstractions;

namespace Platform.Conversations.Tests;

/// <summary>The export streams: 100,000 messages (about 100 MB of text) pass through a bounded heap.</summary>
public sealed class TrainingDataExporterMemoryTests(ITestOutputHelper output)
{
    private const int Conversations = 10_000;
    private const int MessagesPerConversation = 10;
    private const int TextLength = 1_000;

    [Fact]
    public async Task Exporting100kMessages_KeepsTheManagedHeapBounded()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedAsync(database.Path);
        var exporter = new TrainingDataExporter(
            new TranscriptExportReader(database),
            new NoRetrieval(),
            new PiiRedactor(),
            Options.Create(new ExportOptions()));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long lines = 0;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await using var sink = new CountingStream();
        await foreach (var line in exporter.ExportAsync(ExportFormat.Conversations, new ExportFilter(), CancellationToken.None))
        {
            await JsonSerializer.SerializeAsync(sink, line);
            if (++lines % 1_000 == 0)
            {
                // Live objects only (a full collection first): what the export holds on to, not garbage awaiting a GC.
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - before);
            }
        }

        bytes = sink.Written;
        output.WriteLine($"exported {lines} conversations ({Conversations * MessagesPerConversation} messages, {bytes / 1_000_000.0:F1} MB of JSON) in {clock.Elapsed.TotalSeconds:F1} s; live managed heap peak +{peak / 1_000_000.0:F1} MB");
        Assert.Equal(Conversations, lines);

        // The messages alone are ~200 MB as .NET strings: holding them would blow far past this.
        Assert.True(peak < 32_000_000, $"the heap grew by {peak / 1_000_000.0:F1} MB while exporting");
    }

    private static async Task SeedAsync(string path)
    {
        // Raw inserts in one transaction: EF change tracking of 100k entities would make the seeding the slow part.
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var conversation = connection.CreateCommand();
        conversation.CommandText = "INSERT INTO Conversations (Id, VisitorId, State, CreatedAt, UpdatedAt, LastSeq) VALUES ($id, 'v', 'Bot', $at, $at, $seq)";
        var message = connection.CreateCommand();
        message.CommandText = "INSERT INTO Messages (Id, ConversationId, Seq, Role, Text, Citations, CreatedAt) VALUES ($id, $conversation, $seq, $role, $text, '[]', $at)";
        var filler = new string('x', TextLength - 60);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var c = 0; c < Conversations; c++)
        {
            var id = Guid.CreateVersion7(start.AddSeconds(c));
            conversation.Parameters.Clear();
            conversation.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
            conversation.Parameters.AddWithValue("$at", start.AddSeconds(c));
            conversation.Parameters.AddWithValue("$seq", MessagesPerConversation);
            await conversation.ExecuteNonQueryAsync();
            for (var m = 1; m <= MessagesPerConversation; m++)
            {
                message.Parameters.Clear();
                message.Parameters.AddWithValue("$id", Guid.NewGuid().ToString().ToUpperInvariant());
                message.Parameters.AddWithValue("$conversation", id.ToString().ToUpperInvariant());
                message.Parameters.AddWithValue("$seq", m);
                message.Parameters.AddWithValue("$role", m % 2 == 1 ? "Visitor" : "Bot");
                message.Parameters.AddWithValue("$text", $"message {m} of {c}: mail me at user{c}@example.com {filler}");
                message.Parameters.AddWithValue("$at", start.AddSeconds(c));
                await message.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>The conversations format never retrieves; approved examples do.</summary>
    private sealed class NoRetrieval : Platform.Knowledge.Retrieval.IRetriever
    {
        public Task<Platform.Knowledge.Retrieval.RetrievalResult> RetrieveAsync(Guid knowledgeBaseId, string query, int topK, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The conversations export does not retrieve.");
    }

    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
