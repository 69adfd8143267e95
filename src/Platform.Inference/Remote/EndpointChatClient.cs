using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Platform.Inference.Remote;

/// <summary>
/// The <see cref="IChatClient"/> for an OpenAI-compatible chat-completions server (<see cref="ModelOptions.Endpoint"/>),
/// through Microsoft.Extensions.AI.OpenAI. The reply path's timeout, circuit breaker, grounding check and extractive
/// fallback wrap it as they wrap the local model. The SDK's own retries are off: a retried generation would only
/// queue behind the same busy server while the visitor waits, and the breaker is what should see the failure.
/// </summary>
public static class EndpointChatClient
{
    public static IChatClient Create(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = new Uri(options.Endpoint ?? throw new InvalidOperationException("Platform:Model:Endpoint is not set."));
        var client = new OpenAIClient(
            // The SDK insists on a credential; a server that wants none ignores it.
            new ApiKeyCredential(string.IsNullOrEmpty(options.EndpointApiKey) ? "no-key" : options.EndpointApiKey),
            new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
        return client.GetChatClient(options.EndpointModel).AsIChatClient();
    }
}
