using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Platform.Conversations.Replies;

/// <summary>
/// Answers with the best retrieved passage, framed as a reply. It needs no model, so it is both the platform's
/// first answerer and the fallback when a model fails: every word it says is in the knowledge base.
/// </summary>
public sealed partial class ExtractiveChatClient : IChatClient
{
    public const string ModelId = "extractive";

    /// <summary>Longer passages are cut at a sentence boundary so a reply stays readable in a chat bubble.</summary>
    private const int MaxReplyChars = 900;

    private static readonly ChatClientMetadata Metadata = new(nameof(ExtractiveChatClient), defaultModelId: ModelId);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, Compose(messages))) { ModelId = ModelId };
        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = Compose(messages);
        foreach (Match word in WordWithTrailingSpace().Matches(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word.Value) { ModelId = ModelId };
            await Task.Yield();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    internal static string Compose(IEnumerable<ChatMessage> messages)
    {
        var best = GroundingContent.Read(messages).FirstOrDefault()
            ?? throw new InvalidOperationException("The extractive answerer needs at least one grounding passage in the prompt.");
        var body = Shorten(best.Body.Trim());
        var lastHeading = best.LastHeading;

        // An entry that opens with "Yes" answers its own question; quoted to another question, that yes would be a
        // claim the knowledge base never made. The frame goes, and the entry's question is shown with the facts.
        if (ClaimCheck.WithoutOpeningFrame(body) is { } unframed && !ClaimCheck.OpeningFrameAnswers(GroundingContent.Question(messages), lastHeading, body))
        {
            return lastHeading.Length > 0 ? $"From {best.Title} ({lastHeading}):\n\n{unframed}" : unframed;
        }

        if (best.IsFaqEntry || best.HeadingPath.Length == 0)
        {
            return body;
        }

        return $"From {best.Title} ({lastHeading}):\n\n{body}";
    }

    private static string Shorten(string body)
    {
        if (body.Length <= MaxReplyChars)
        {
            return body;
        }

        var cut = body[..MaxReplyChars];
        var sentenceEnd = cut.LastIndexOfAny(['.', '!', '?']);
        return (sentenceEnd > MaxReplyChars / 3 ? cut[..(sentenceEnd + 1)] : cut.TrimEnd() + "…") + "\n\n(See the source for the rest.)";
    }

    [GeneratedRegex(@"\S+\s*|\s+")]
    private static partial Regex WordWithTrailingSpace();
}
