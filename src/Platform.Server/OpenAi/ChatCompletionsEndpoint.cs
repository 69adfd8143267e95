using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.Inference;
using Platform.Inference.Generation;

namespace Platform.Server.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the local model in OpenAI's chat-completions format, whole or streamed as
/// server-sent events, for other nodes (or any OpenAI-compatible client) to call. It serves the model as it is, the
/// messages it is given in, its text out: retrieval and the grounding check are the calling node's, which puts its
/// passages in the prompt as it would for its own model. Errors have OpenAI's shape (<c>{"error": {...}}</c>).
/// </summary>
internal static class ChatCompletionsEndpoint
{
    public const string Route = "/v1/chat/completions";
    public const string ModelsRoute = "/v1/models";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEndpointRouteBuilder MapChatCompletions(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Route, HandleAsync).DisableAntiforgery();
        routes.MapGet(ModelsRoute, ListModelsAsync);
        return routes;
    }

    /// <summary><c>GET /v1/models</c>: the loaded model, for clients that list models before they ask one (same keys).</summary>
    private static async Task ListModelsAsync(HttpContext context, IOptions<ModelServingOptions> options, LocalModelHost host)
    {
        var settings = options.Value;
        if (!await AdmitAsync(context, settings))
        {
            return;
        }

        var models = host.Model is { } loaded ? new[] { new { Id = loaded.Name, Object = "model", Created = 0L, OwnedBy = "platform" } } : [];
        await context.Response.WriteAsJsonAsync(new { Object = "list", Data = models }, Json);
    }

    private static async Task HandleAsync(HttpContext context, IOptions<ModelServingOptions> options, LocalModelHost host, LocalChatClient model, TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await AdmitAsync(context, settings))
        {
            return;
        }

        ChatCompletionRequest request;
        try
        {
            request = ChatCompletionRequest.Parse(await ReadBodyAsync(context.Request, settings.MaxRequestBytes, cancellationToken), settings);
        }
        catch (RequestTooLargeException tooLarge)
        {
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge.Message, "request_too_large");
            return;
        }
        catch (JsonException json)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {json.Message}", "invalid_request_error");
            return;
        }
        catch (ChatCompletionRequestException invalid)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, invalid.Message, "invalid_request_error", invalid.Parameter);
            return;
        }

        if (host.Model is not { } loaded)
        {
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"No model is loaded on this node: {host.LoadError ?? "none is configured (Platform:Model:Path)"}.", "model_unavailable");
            return;
        }

        // The caller may name the model it expects; a different one is refused rather than answered by surprise.
        if (request.Model is { Length: > 0 } asked && !string.Equals(asked, loaded.Name, StringComparison.Ordinal))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, $"This node serves the model '{loaded.Name}', not '{asked}'.", "model_not_found", "model");
            return;
        }

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            if (request.Stream)
            {
                await StreamAsync(context, model, request, id, created, loaded.Name, cancellationToken);
            }
            else
            {
                var response = await model.GetResponseAsync(request.Messages, request.Options, cancellationToken);
                var usage = response.Usage;
                await context.Response.WriteAsJsonAsync(
                    new
                    {
                        Id = id,
                        Object = "chat.completion",
                        Created = created,
                        Model = response.ModelId ?? loaded.Name,
                        Choices = new[] { new { Index = 0, Message = new { Role = "assistant", Content = response.Text }, FinishReason = FinishReason(response.FinishReason) } },
                        Usage = Usage(usage),
                    },
                    Json,
                    cancellationToken);
            }
        }
        catch (GenerationQueueFullException full) when (!context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, StatusCodes.Status429TooManyRequests, full.Message, "rate_limit_exceeded");
        }
        catch (ModelUnavailableException unavailable) when (!context.Response.HasStarted)
        {
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, unavailable.Message, "model_unavailable");
        }
    }

    private static async Task StreamAsync(HttpContext context, LocalChatClient model, ChatCompletionRequest request, string id, long created, string modelName, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var started = false;
        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        await foreach (var update in model.GetStreamingResponseAsync(request.Messages, request.Options, cancellationToken))
        {
            if (!started)
            {
                // Headers go out with the first update, so a refusal before it (a full queue) can still be a plain error.
                response.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
                await ChunkAsync(response, Chunk(id, created, modelName, new { Role = "assistant", Content = string.Empty }, null), cancellationToken);
                started = true;
            }

            finish = update.FinishReason ?? finish;
            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
            if (update.Text is { Length: > 0 } text)
            {
                await ChunkAsync(response, Chunk(id, created, modelName, new { Content = text }, null), cancellationToken);
            }
        }

        await ChunkAsync(response, new
        {
            Id = id,
            Object = "chat.completion.chunk",
            Created = created,
            Model = modelName,
            Choices = new[] { new { Index = 0, Delta = new { }, FinishReason = FinishReason(finish) } },
            Usage = Usage(usage),
        }, cancellationToken);
        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static object Chunk(string id, long created, string model, object delta, string? finishReason) => new
    {
        Id = id,
        Object = "chat.completion.chunk",
        Created = created,
        Model = model,
        Choices = new[] { new { Index = 0, Delta = delta, FinishReason = finishReason } },
    };

    private static async Task ChunkAsync(HttpResponse response, object chunk, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: " + JsonSerializer.Serialize(chunk, Json) + "\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static string FinishReason(ChatFinishReason? reason) => reason == ChatFinishReason.Length ? "length" : "stop";

    private static object? Usage(UsageDetails? usage) => usage is null ? null : new
    {
        PromptTokens = usage.InputTokenCount ?? 0,
        CompletionTokens = usage.OutputTokenCount ?? 0,
        TotalTokens = usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)),
    };

    /// <summary>Whether the request may be served: serving is on and its key is one of the keys; if not, the refusal is written.</summary>
    private static async Task<bool> AdmitAsync(HttpContext context, ModelServingOptions settings)
    {
        if (settings.ApiKeys.Count == 0)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "Serving the model is off on this node (set Platform:Model:Serve:ApiKeys).", "not_found_error");
            return false;
        }

        if (!Authorized(context.Request, settings.ApiKeys))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "A valid API key is required: send it as 'Authorization: Bearer KEY'.", "invalid_api_key");
            return false;
        }

        return true;
    }

    /// <summary>Whether the request's bearer key is one of the configured keys, compared in constant time by hash.</summary>
    private static bool Authorized(HttpRequest request, IList<string> keys)
    {
        var header = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(header[bearer.Length..].Trim()));
        var match = false;
        foreach (var key in keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(sent, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return match;
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new RequestTooLargeException(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new RequestTooLargeException(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new ChatCompletionRequestException("The request has no body; send a JSON chat-completions request.");
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string code, string? parameter = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { Error = new { Message = message, Type = code == "invalid_request_error" ? code : "api_error", Param = parameter, Code = code } }, Json);
    }

    private sealed class RequestTooLargeException(int maxBytes) : Exception($"The request is larger than {maxBytes} bytes (Platform:Model:Serve:MaxRequestBytes).");
}
