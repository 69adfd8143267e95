using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Domain.Conversations;
using Platform.Inference;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace Platform.Conversations.Replies;

/// <summary>
/// Produces the answer to a grounded prompt: the model's reply streamed as it is generated, run through the
/// <c>generation</c> resilience pipeline (timeout, circuit breaker), then checked against the passages. When the model
/// is missing, fails, times out, answers with nothing, or says things the passages do not support, the extractive
/// answer is used instead, and the outcome says which path produced the reply and why.
/// </summary>
public sealed partial class GroundedReplyGenerator(
    IChatClient chatClient,
    ExtractiveChatClient extractive,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<ConversationOptions> options,
    ILogger<GroundedReplyGenerator> logger)
{
    public const string PipelineName = "generation";

    private readonly bool _hasModel = chatClient.GetService<ExtractiveChatClient>() is null;

    public async IAsyncEnumerable<ReplyPiece> GenerateAsync(
        IReadOnlyList<ChatMessage> prompt, IReadOnlyList<string> passages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (!_hasModel)
        {
            await foreach (var piece in ExtractiveAsync(prompt, reason: null, alreadyStreamed: false, cancellationToken))
            {
                yield return piece;
            }

            yield break;
        }

        var settings = options.Value;
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var usage = new GenerationFacts();
        var producer = ProduceAsync(prompt, channel.Writer, usage, cancellationToken);

        var text = new StringBuilder();
        Exception? failure = null;
        while (true)
        {
            bool more;
            try
            {
                more = await channel.Reader.WaitToReadAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ex;
                break;
            }

            if (!more)
            {
                break;
            }

            while (channel.Reader.TryRead(out var delta))
            {
                text.Append(delta);
                yield return new ReplyText(delta);
            }
        }

        await producer;
        var answer = text.ToString().Trim();
        var model = usage.ModelId ?? "local";
        if (failure is null && usage.AskedForPerson)
        {
            yield return new ReplyOutcome(answer, ReplySource.NoAnswer, model, true, null, null, usage.PromptTokens, usage.CompletionTokens);
            yield break;
        }

        var share = failure is null ? GroundingCheck.SupportedShare(answer, passages) : 0;
        var question = GroundingContent.Question(prompt);
        var tagged = GroundingContent.Read(prompt).ToList();
        var claims = failure is null && answer.Length > 0 && share >= settings.MinGroundedShare
            ? Merge(
                ClaimCheck.Check(question, answer, ClaimPassages(tagged, passages), [settings.CompanyName]),
                ClaimCheck.BorrowedFrames(question, answer, tagged.Select(p => (p.LastHeading, p.Body))))
            : ClaimCheckResult.Supported;
        var focus = failure is null && answer.Length > 0 ? QuestionFocus.Share(question, answer, FocusPassages(tagged, passages)) : 1;
        var reason = failure switch
        {
            TimeoutRejectedException => "timeout",
            BrokenCircuitException => "circuit-open",
            ModelUnavailableException => "model-unavailable",
            not null => "error",
            _ when answer.Length == 0 => "empty",
            _ when share < settings.MinGroundedShare => "ungrounded",
            _ when !claims.IsSupported => "unsupported-claim",
            _ when focus < settings.MinQuestionFocus => "off-question",
            _ => null,
        };
        if (reason is null)
        {
            yield return new ReplyOutcome(answer, ReplySource.Generated, model, false, share, null, usage.PromptTokens, usage.CompletionTokens);
            yield break;
        }

        LogFallback(logger, reason, share, failure?.Message);
        if (!claims.IsSupported)
        {
            // The kinds are safe to log; the claims themselves are model text that may echo the visitor, so only at Debug.
            var kinds = string.Join(", ", claims.Unsupported.Select(c => c.Kind).Distinct());
            LogUnsupportedClaims(logger, kinds);
            LogUnsupportedClaimDetail(logger, claims);
        }

        await foreach (var piece in ExtractiveAsync(prompt, reason, alreadyStreamed: text.Length > 0, cancellationToken))
        {
            yield return piece is ReplyOutcome outcome
                ? outcome with
                {
                    GroundedShare = share,
                    PromptTokens = usage.PromptTokens,
                    CompletionTokens = usage.CompletionTokens,
                    UnsupportedClaims = claims.IsSupported ? null : claims,
                }
                : piece;
        }
    }

    /// <summary>
    /// The passages as the claim check reads them: each with its heading, the question an FAQ entry answers, so a "yes"
    /// to that question is backed by the entry. Falls back to the bare texts when the prompt carries no tagged passages.
    /// </summary>
    private static IReadOnlyList<string> ClaimPassages(List<GroundingPassage> tagged, IReadOnlyList<string> passages) =>
        tagged.Count == passages.Count
            ? [.. tagged.Select(p => p.LastHeading.Length > 0 ? p.LastHeading + "\n\n" + p.Body : p.Body)]
            : passages;

    /// <summary>The passages as the extractive answer shows them: title, heading and text.</summary>
    private static IReadOnlyList<string> FocusPassages(List<GroundingPassage> tagged, IReadOnlyList<string> passages) =>
        tagged.Count == passages.Count ? [.. tagged.Select(p => $"{p.Title}\n{p.HeadingPath}\n{p.Body}")] : passages;

    private static ClaimCheckResult Merge(ClaimCheckResult first, ClaimCheckResult second) =>
        first.IsSupported ? second : second.IsSupported ? first : new ClaimCheckResult([.. first.Unsupported, .. second.Unsupported]);

    private async Task ProduceAsync(IReadOnlyList<ChatMessage> prompt, ChannelWriter<string> writer, GenerationFacts facts, CancellationToken cancellationToken)
    {
        try
        {
            var chatOptions = new ChatOptions { MaxOutputTokens = options.Value.MaxReplyTokens };
            await pipelines.GetPipeline(PipelineName).ExecuteAsync(
                async token =>
                {
                    await foreach (var update in chatClient.GetStreamingResponseAsync(prompt, chatOptions, token))
                    {
                        facts.Observe(update);
                        if (!string.IsNullOrEmpty(update.Text))
                        {
                            writer.TryWrite(update.Text);
                        }
                    }
                },
                cancellationToken);
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    private async IAsyncEnumerable<ReplyPiece> ExtractiveAsync(
        IReadOnlyList<ChatMessage> prompt, string? reason, bool alreadyStreamed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var update in extractive.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken))
        {
            text.Append(update.Text);

            // After a withdrawn generated reply the stored text replaces what was shown; streaming more would mix the two.
            if (!alreadyStreamed)
            {
                yield return new ReplyText(update.Text);
            }
        }

        yield return new ReplyOutcome(text.ToString(), ReplySource.Extractive, ExtractiveChatClient.ModelId, false, null, reason, null, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The generated reply was replaced by the extractive answer ({Reason}, grounded share {Share:0.00}): {Error}")]
    private static partial void LogFallback(ILogger logger, string reason, double share, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The generated reply made claims its cited passages do not back ({Kinds})")]
    private static partial void LogUnsupportedClaims(ILogger logger, string kinds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsupported claims: {Claims}")]
    private static partial void LogUnsupportedClaimDetail(ILogger logger, ClaimCheckResult claims);

    /// <summary>What the model reported about its reply while streaming it.</summary>
    private sealed class GenerationFacts
    {
        public string? ModelId { get; private set; }

        public bool AskedForPerson { get; private set; }

        public int? PromptTokens { get; private set; }

        public int? CompletionTokens { get; private set; }

        public void Observe(ChatResponseUpdate update)
        {
            ModelId ??= update.ModelId;
            if (update.AdditionalProperties?.TryGetValue(LocalChatClient.HandoffRequestedKey, out var asked) == true && asked is true)
            {
                AskedForPerson = true;
            }

            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                PromptTokens = (int?)usage.Details.InputTokenCount;
                CompletionTokens = (int?)usage.Details.OutputTokenCount;
            }
        }
    }
}
