using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Platform.Server.OpenAi;

/// <summary>
/// A chat-completions request as OpenAI's API defines it, read leniently where clients differ (content as a string or
/// as text parts; <c>stop</c> as a string or a list; <c>max_tokens</c> or <c>max_completion_tokens</c>) and strictly
/// where a mistake would change the answer: an unknown role, a non-text part, a value out of range is a clear 400.
/// </summary>
internal sealed record ChatCompletionRequest(string? Model, IReadOnlyList<ChatMessage> Messages, bool Stream, ChatOptions Options)
{
    public static ChatCompletionRequest Parse(JsonElement root, ModelServingOptions limits)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ChatCompletionRequestException("The request body must be a JSON object.");
        }

        if (!root.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array || messagesElement.GetArrayLength() == 0)
        {
            throw new ChatCompletionRequestException("'messages' must be a non-empty array.", "messages");
        }

        if (messagesElement.GetArrayLength() > limits.MaxMessages)
        {
            throw new ChatCompletionRequestException($"At most {limits.MaxMessages} messages are accepted; this request has {messagesElement.GetArrayLength()}.", "messages");
        }

        var messages = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messagesElement.EnumerateArray())
        {
            messages.Add(ReadMessage(message, index++));
        }

        var options = new ChatOptions();
        if ((Number(root, "max_completion_tokens") ?? Number(root, "max_tokens")) is { } maxTokens)
        {
            if (maxTokens < 1 || maxTokens > limits.MaxTokens || maxTokens != Math.Floor(maxTokens))
            {
                throw new ChatCompletionRequestException($"'max_tokens' must be a whole number from 1 to {limits.MaxTokens}.", "max_tokens");
            }

            options.MaxOutputTokens = (int)maxTokens;
        }

        if (Number(root, "temperature") is { } temperature)
        {
            options.Temperature = temperature is >= 0 and <= 2 ? (float)temperature : throw new ChatCompletionRequestException("'temperature' must be from 0 to 2.", "temperature");
        }

        if (Number(root, "top_p") is { } topP)
        {
            options.TopP = topP is > 0 and <= 1 ? (float)topP : throw new ChatCompletionRequestException("'top_p' must be greater than 0 and at most 1.", "top_p");
        }

        if (root.TryGetProperty("stop", out var stop) && stop.ValueKind != JsonValueKind.Null)
        {
            options.StopSequences = stop.ValueKind switch
            {
                JsonValueKind.String => [stop.GetString()!],
                JsonValueKind.Array when stop.GetArrayLength() <= 4 && stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) =>
                    [.. stop.EnumerateArray().Select(s => s.GetString()!)],
                _ => throw new ChatCompletionRequestException("'stop' must be a string or a list of at most 4 strings.", "stop"),
            };
        }

        var stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new ChatCompletionRequestException("'stream' must be true or false.", "stream"),
        };
        var model = root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String ? modelElement.GetString() : null;
        return new ChatCompletionRequest(model, messages, stream, options);
    }

    private static ChatMessage ReadMessage(JsonElement message, int index)
    {
        var at = $"messages[{index}]";
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
        {
            throw new ChatCompletionRequestException($"{at} must be an object with a 'role'.", at);
        }

        var role = roleElement.GetString() switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            var other => throw new ChatCompletionRequestException($"{at}.role '{other}' is not one of system, developer, user, assistant (tools are not served).", at),
        };

        if (!message.TryGetProperty("content", out var content))
        {
            throw new ChatCompletionRequestException($"{at} has no 'content'.", at);
        }

        var text = content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part =>
                part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
                    && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String
                    ? partText.GetString()
                    : throw new ChatCompletionRequestException($"{at}.content may only hold text parts.", at))),
            _ => throw new ChatCompletionRequestException($"{at}.content must be a string or a list of text parts.", at),
        };
        return new ChatMessage(role, text);
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new ChatCompletionRequestException($"'{name}' must be a number.", name)
            : null;
}

/// <summary>A request the endpoint refuses with 400, saying which field was wrong.</summary>
internal sealed class ChatCompletionRequestException(string message, string? parameter = null) : Exception(message)
{
    public string? Parameter { get; } = parameter;
}
