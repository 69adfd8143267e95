using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Platform.Contracts.Knowledge;

namespace Platform.IntegrationTests;

/// <summary>The admin knowledge-base API against the real server: uploads, jobs, delete, synonyms, export, rollback.</summary>
public sealed class KnowledgeBaseApiTests : IAsyncLifetime
{
    private const string TentFaq = """
        # Tent FAQ

        ## Can I pitch the Orbit tent in snow?

        The Orbit tent has snow flaps and is rated for four seasons of use.
        """;

    private PlatformServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await PlatformServer.StartAsync();
        using var created = await Admin.PostAsJsonAsync("api/v1/knowledge-bases", new CreateKnowledgeBaseRequest("gear", "Gear"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private HttpClient Admin => _server.Admin;

    [Fact]
    public async Task Endpoints_WithoutOrWithAWrongKey_AreRefused()
    {
        using var anonymous = await _server.Http.GetAsync("api/v1/knowledge-bases");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/v1/knowledge-bases");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", "not-the-key");
        using var wrongResponse = await _server.Http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    [Fact]
    public async Task Endpoints_WithAVisitorToken_AreForbiddenOrUnauthorized()
    {
        var conversation = await _server.Api.CreateConversationAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/knowledge-bases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", conversation.VisitorToken);

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Upload_SeveralFiles_OneBad_TheOthersIngestAndTheBadOneHasAClearError()
    {
        var job = await UploadAsync(("tents.md", TentFaq), ("broken.md", "\u00ff\u00fe"), ("sheet.xlsx", "x"), ("../escape.md", TentFaq));

        var done = await WaitForJobAsync(job);

        Assert.Equal(4, done.Total);
        Assert.Equal(3, done.Failed);
        Assert.Equal("Added", done.Items.Single(i => i.Source == "tents.md").Status);
        Assert.Contains("Unsupported", done.Items.Single(i => i.Source == "sheet.xlsx").Error, StringComparison.Ordinal);
        Assert.Contains("relative path", done.Items.Single(i => i.Source == "../escape.md").Error, StringComparison.Ordinal);
        var documents = await Admin.GetFromJsonAsync<List<DocumentDto>>("api/v1/knowledge-bases/gear/documents");
        Assert.Equal("tents.md", Assert.Single(documents!).Source);
        Assert.Equal("Tent FAQ", documents![0].Title);
    }

    [Fact]
    public async Task Upload_ThenAVisitorAsks_TheAnswerComesFromTheUploadedDocument()
    {
        await WaitForJobAsync(await UploadAsync(("tents.md", TentFaq)));

        var conversation = await _server.Api.CreateConversationAsync(knowledgeBase: "gear");
        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "can the orbit tent handle snow?", "q1");

        Assert.Equal("tents.md", Assert.Single(reply.Reply.Citations).Source);
    }

    [Fact]
    public async Task Delete_RemovesTheDocument_AndAnUnknownIdIs404()
    {
        await WaitForJobAsync(await UploadAsync(("tents.md", TentFaq)));
        var document = (await Admin.GetFromJsonAsync<List<DocumentDto>>("api/v1/knowledge-bases/gear/documents"))!.Single();

        using var deleted = await Admin.DeleteAsync($"api/v1/knowledge-bases/gear/documents/{document.Id}");
        using var again = await Admin.DeleteAsync($"api/v1/knowledge-bases/gear/documents/{document.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Empty((await Admin.GetFromJsonAsync<List<DocumentDto>>("api/v1/knowledge-bases/gear/documents"))!);
    }

    [Fact]
    public async Task UnknownKnowledgeBase_Is404WithADetail()
    {
        using var response = await Admin.GetAsync("api/v1/knowledge-bases/nope/documents");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synonyms_InvalidList_Is400NamingTheLine()
    {
        using var response = await Admin.PutAsJsonAsync("api/v1/knowledge-bases/gear/synonyms", new SynonymsDto("tent, shelter\nalone"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ReturnsTheOriginalFilesAndTheSynonyms()
    {
        await WaitForJobAsync(await UploadAsync(("faq/tents.md", TentFaq)));
        using var put = await Admin.PutAsJsonAsync("api/v1/knowledge-bases/gear/synonyms", new SynonymsDto("tent, shelter"));
        put.EnsureSuccessStatusCode();

        await using var zipStream = await Admin.GetStreamAsync("api/v1/knowledge-bases/gear/export");
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read);

        using var reader = new StreamReader(zip.GetEntry("faq/tents.md")!.Open());
        Assert.Equal(TentFaq, await reader.ReadToEndAsync());
        Assert.NotNull(zip.GetEntry("synonyms.txt"));
        Assert.NotNull(zip.GetEntry("knowledge-base.json"));
    }

    [Fact]
    public async Task Rollback_RestoresThePreviousVersion_AndWithNothingEarlierIs409()
    {
        using var tooEarly = await Admin.PostAsJsonAsync("api/v1/knowledge-bases/gear/rollback", new RollbackRequest(null));
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);

        await WaitForJobAsync(await UploadAsync(("tents.md", TentFaq)));
        await WaitForJobAsync(await UploadAsync(("tents.md", TentFaq.Replace("four seasons", "three seasons", StringComparison.Ordinal))));

        using var rolledBack = await Admin.PostAsJsonAsync("api/v1/knowledge-bases/gear/rollback", new RollbackRequest(null));
        var result = await rolledBack.Content.ReadFromJsonAsync<RollbackResponse>();

        Assert.Equal(1, result!.RestoredVersion);
        var conversation = await _server.Api.CreateConversationAsync(knowledgeBase: "gear");
        var reply = await _server.Api.PostMessageAsync(conversation.Id, conversation.VisitorToken, "can the orbit tent handle snow?", "q1");
        Assert.Contains("four seasons", reply.Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminClient_UploadsFilesFromDiskWithTheirFolderPaths_AndFollowsTheJob()
    {
        var folder = Directory.CreateTempSubdirectory("platform-upload-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "faq"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "faq", "tents.md"), TentFaq);
            var client = new Platform.Client.PlatformAdminClient(_server.Http, PlatformServer.AdminApiKey);

            await client.EnsureKnowledgeBaseAsync("gear", "Gear again");
            var job = await client.UploadAsync("gear", [("faq/tents.md", Path.Combine(folder.FullName, "faq", "tents.md"))]);
            var done = await WaitForJobAsync(job);

            Assert.Equal("faq/tents.md", Assert.Single(done.Items).Source);
            Assert.Equal("faq/tents.md", Assert.Single(await client.ListDocumentsAsync("gear")).Source);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Reindex_ReparsesEveryLiveDocumentFromItsStoredBytes_AndRevisionsListEachVersion()
    {
        await WaitForJobAsync(await UploadAsync(("tents.md", TentFaq)));
        await WaitForJobAsync(await UploadAsync(("tents.md", TentFaq.Replace("four seasons", "three seasons", StringComparison.Ordinal))));

        using var response = await Admin.PostAsync("api/v1/knowledge-bases/gear/reindex", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await WaitForJobAsync((await response.Content.ReadFromJsonAsync<IngestionJobDto>())!);

        Assert.Equal("reindex", job.Origin);
        Assert.Equal("Updated", Assert.Single(job.Items).Status);
        var document = Assert.Single((await Admin.GetFromJsonAsync<List<DocumentDto>>("api/v1/knowledge-bases/gear/documents"))!);
        var revisions = (await Admin.GetFromJsonAsync<List<DocumentRevisionDto>>($"api/v1/knowledge-bases/gear/documents/{document.Id}/revisions"))!;
        Assert.Equal(3, revisions.Count);
        Assert.Single(revisions, r => r.RemovedInVersion is null);
    }

    private async Task<IngestionJobDto> UploadAsync(params (string Name, string Text)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, text) in files)
        {
            var bytes = text.StartsWith('\u00ff') ? [0xFF, 0xFE, 0xFD] : Encoding.UTF8.GetBytes(text);
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            // Set by hand: MultipartFormDataContent would strip the directory part of a folder upload's file name.
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = $"\"{name}\"" };
            form.Add(part);
        }

        using var response = await Admin.PostAsync("api/v1/knowledge-bases/gear/documents", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        return (await response.Content.ReadFromJsonAsync<IngestionJobDto>())!;
    }

    private async Task<IngestionJobDto> WaitForJobAsync(IngestionJobDto job)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var current = await Admin.GetFromJsonAsync<IngestionJobDto>($"api/v1/knowledge-bases/gear/jobs/{job.Id}", timeout.Token);
            if (current!.CompletedAt is not null)
            {
                Assert.Equal(current.Total, current.Done);
                return current;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
