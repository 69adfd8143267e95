using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Data;
using Platform.TestSupport;

namespace Platform.IntegrationTests;

/// <summary>The dense half of retrieval switched on with the shipped encoder (models/support-embed), end to end.</summary>
public sealed class DenseRetrievalTests : IAsyncLifetime
{
    private PlatformServer _server = null!;

    public async Task InitializeAsync() => _server = await PlatformServer.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Platform:Embeddings:Path"] = Path.Combine(RepositoryPaths.Root, "models", "support-embed"),
        ["Platform:Embeddings:ExecutionProvider"] = "cpu",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WithAnEncoderConfigured_EveryChunkGetsAVector_AndRepliesCitePassagesRankedByTheFusion()
    {
        var ready = await _server.Http.GetStringAsync("readyz");
        Assert.Contains("Embedding model", ready, StringComparison.Ordinal);

        await using (var db = await _server.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>().CreateDbContextAsync())
        {
            var chunks = await db.Chunks.CountAsync();
            Assert.True(chunks > 0);
            Assert.Equal(chunks, await db.ChunkEmbeddings.CountAsync());
        }

        var conversation = await _server.Api.CreateConversationAsync();
        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "how much do i need to spend to get free shipping?", "q-1");

        // Which passage wins is the encoder's quality (support-embed is weaker than BM25, see its card); that the
        // reply cites one, scored by the fusion, is the path working.
        var citation = Assert.Single(reply.Reply.Citations);

        // A fused score is a sum of 1 / (60 + rank) terms, far below any BM25 score: the fusion ran.
        Assert.InRange(citation.Score, 0.0, 2.0 / 61);
    }
}
