using Platform.Contracts.Admin;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Contracts.Knowledge;

namespace Platform.Client;

/// <summary>
/// The admin REST API for knowledge bases over an <see cref="HttpClient"/> whose base address is the server; every call
/// sends the admin API key.
/// </summary>
public sealed class PlatformAdminClient(HttpClient http, string apiKey)
{
    public async Task<IReadOnlyList<KnowledgeBaseDto>> ListKnowledgeBasesAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<KnowledgeBaseDto>>(HttpMethod.Get, "api/v1/knowledge-bases", null, cancellationToken);

    /// <summary>Creates the knowledge base, or does nothing when one with that slug exists.</summary>
    public async Task EnsureKnowledgeBaseAsync(string slug, string name, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "api/v1/knowledge-bases", JsonContent.Create(new CreateKnowledgeBaseRequest(slug, name), options: ApiResponses.Json));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await ApiResponses.EnsureSuccessAsync(response, cancellationToken);
        }
    }

    /// <summary>Uploads files as one job; each file is streamed from disk, never loaded whole.</summary>
    public async Task<IngestionJobDto> UploadAsync(string slug, IReadOnlyList<(string Source, string Path)> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var form = new MultipartFormDataContent();
        var streams = new List<Stream>();
        try
        {
            foreach (var (source, path) in files)
            {
                var stream = File.OpenRead(path);
                streams.Add(stream);
                var part = new StreamContent(stream);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                // Set by hand: the default would drop the folder part of a relative source path.
                part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = $"\"{source.Replace("\"", string.Empty, StringComparison.Ordinal)}\"" };
                form.Add(part);
            }

            return await SendAsync<IngestionJobDto>(HttpMethod.Post, $"api/v1/knowledge-bases/{slug}/documents", form, cancellationToken);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    public async Task<IngestionJobDto> GetJobAsync(string slug, Guid jobId, CancellationToken cancellationToken = default) =>
        await SendAsync<IngestionJobDto>(HttpMethod.Get, $"api/v1/knowledge-bases/{slug}/jobs/{jobId}", null, cancellationToken);

    public async Task<IReadOnlyList<DocumentDto>> ListDocumentsAsync(string slug, CancellationToken cancellationToken = default) =>
        await SendAsync<List<DocumentDto>>(HttpMethod.Get, $"api/v1/knowledge-bases/{slug}/documents", null, cancellationToken);

    public async Task<RollbackResponse> RollbackAsync(string slug, int? toVersion, CancellationToken cancellationToken = default) =>
        await SendAsync<RollbackResponse>(HttpMethod.Post, $"api/v1/knowledge-bases/{slug}/rollback", JsonContent.Create(new RollbackRequest(toVersion), options: ApiResponses.Json), cancellationToken);

    /// <summary>Writes the knowledge base's export zip to <paramref name="destination"/>.</summary>
    public async Task ExportAsync(string slug, Stream destination, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, $"api/v1/knowledge-bases/{slug}/export", null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ApiResponses.EnsureSuccessAsync(response, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>
    /// Streams <c>GET /api/v1/transcripts/export</c> (JSONL training data, PII redacted) to <paramref name="destination"/>.
    /// <paramref name="query"/> holds the filters: format, approvedOnly, from, to, kb, rating.
    /// </summary>
    public async Task ExportTranscriptsAsync(IReadOnlyDictionary<string, string> query, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = "api/v1/transcripts/export" + (query.Count == 0 ? string.Empty : "?" + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ApiResponses.EnsureSuccessAsync(response, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelVersionDto>> ListModelVersionsAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<ModelVersionDto>>(HttpMethod.Get, "api/v1/models/versions", null, cancellationToken);

    public async Task<ModelVersionDto> GetModelVersionAsync(Guid id, CancellationToken cancellationToken = default) =>
        await SendAsync<ModelVersionDto>(HttpMethod.Get, $"api/v1/models/versions/{id}", null, cancellationToken);

    /// <summary>Starts a fine-tuning run on the approved examples; it trains in the background (follow it with <see cref="GetModelVersionAsync"/>).</summary>
    public async Task<ModelVersionDto> StartFineTuneAsync(int? steps, CancellationToken cancellationToken = default) =>
        await SendAsync<ModelVersionDto>(HttpMethod.Post, "api/v1/models/fine-tunes", JsonContent.Create(new StartFineTuneRequest(steps), options: ApiResponses.Json), cancellationToken);

    /// <summary>Makes a ready version answer (also how to roll back to an earlier one).</summary>
    public async Task<ModelVersionDto> PromoteModelVersionAsync(Guid id, CancellationToken cancellationToken = default) =>
        await SendAsync<ModelVersionDto>(HttpMethod.Post, $"api/v1/models/versions/{id}/promote", null, cancellationToken);

    public async Task CancelFineTuneAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"api/v1/models/versions/{id}/cancel", null);
        using var response = await http.SendAsync(request, cancellationToken);
        await ApiResponses.EnsureSuccessAsync(response, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, content);
        return await ApiResponses.SendAsync<T>(http, request, cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        return request;
    }
}
