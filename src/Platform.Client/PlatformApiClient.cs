using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Conversations;

namespace Platform.Client;

/// <summary>The visitor REST API (<c>/api/v1</c>) over an <see cref="HttpClient"/> whose base address is the server.</summary>
public sealed class PlatformApiClient(HttpClient http)
{
    private static JsonSerializerOptions Json => ApiResponses.Json;

    public async Task<CreateConversationResponse> CreateConversationAsync(
        string? visitorToken = null, string? knowledgeBase = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/conversations")
        {
            Content = JsonContent.Create(new CreateConversationRequest { KnowledgeBase = knowledgeBase }, options: Json),
        };
        Authorize(request, visitorToken);
        return await SendAsync<CreateConversationResponse>(request, cancellationToken);
    }

    public async Task<PostMessageResponse> PostMessageAsync(
        Guid conversationId, string visitorToken, string text, string? clientMessageId = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/conversations/{conversationId}/messages")
        {
            Content = JsonContent.Create(new PostMessageRequest { Text = text, ClientMessageId = clientMessageId }, options: Json),
        };
        Authorize(request, visitorToken);
        return await SendAsync<PostMessageResponse>(request, cancellationToken);
    }

    public async Task<IReadOnlyList<MessageDto>> GetMessagesAsync(Guid conversationId, string visitorToken, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/conversations/{conversationId}/messages");
        Authorize(request, visitorToken);
        return await SendAsync<List<MessageDto>>(request, cancellationToken);
    }

    private static void Authorize(HttpRequestMessage request, string? visitorToken)
    {
        if (visitorToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", visitorToken);
        }
    }

    private Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) =>
        ApiResponses.SendAsync<T>(http, request, cancellationToken);
}
