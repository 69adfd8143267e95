using System.Diagnostics;
using Microsoft.Extensions.Options;
using Platform.Conversations.Handoffs;
using Platform.Conversations.Prompting;
using Platform.Conversations.Replies;
using Platform.Domain.Conversations;
using Platform.Knowledge;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations;

/// <summary>What the bot would do with one message, and why: the admin console's test chat.</summary>
public sealed record ReplyPreviewResult(
    IReadOnlyList<RetrievedPassage> Passages,
    double Confidence,
    double MinConfidence,
    HandoffDecision? Handoff,
    string Answer,
    ReplySource Source,
    string? FallbackReason,
    long ElapsedMs);

/// <summary>
/// Runs a message through the same steps as a visitor's first message (hand-off policy, retrieval, generation with
/// its grounding check) and reports every step, storing nothing and handing nothing to the queue. Admins use it to
/// see why the bot answers as it does before they change documents or thresholds.
/// </summary>
public sealed class ReplyPreview(
    ReplyRouting routing,
    KnowledgeBaseCatalog knowledgeBases,
    GroundedPromptRenderer prompts,
    GroundedReplyGenerator generator,
    IOptions<ConversationOptions> options)
{
    public async Task<ReplyPreviewResult> RunAsync(string knowledgeBaseSlug, string text, CancellationToken cancellationToken)
    {
        var knowledgeBaseId = await knowledgeBases.FindIdAsync(knowledgeBaseSlug, cancellationToken)
            ?? throw new KnowledgeBaseNotFoundException(knowledgeBaseSlug);
        var settings = options.Value;
        var watch = Stopwatch.StartNew();

        var route = await routing.RouteAsync(knowledgeBaseId, new HandoffSignals(text, BotOfferedPerson: false, FailuresInARow: 0), cancellationToken);
        var (decision, retrieval, answerable, _) = route;
        if (route.Choices is { } choices)
        {
            return new ReplyPreviewResult(
                retrieval.Passages, retrieval.Confidence, settings.MinConfidence, null, ClarifyingChoices.Reply(choices), ReplySource.Clarify, null, watch.ElapsedMilliseconds);
        }

        if (decision is not null || !answerable)
        {
            var source = decision is not null ? ReplySource.Handoff : retrieval.Terms.Count > 0 ? ReplySource.NoAnswer : ReplySource.Greeting;
            return new ReplyPreviewResult(retrieval.Passages, retrieval.Confidence, settings.MinConfidence, decision, string.Empty, source, null, watch.ElapsedMilliseconds);
        }

        var passages = retrieval.Passages.Take(settings.PassagesInPrompt).ToList();
        var prompt = await prompts.RenderAsync(text, passages, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.ReplyTimeoutSeconds));
        ReplyOutcome? outcome = null;
        await foreach (var piece in generator.GenerateAsync(prompt, [.. passages.Select(p => p.Text)], timeout.Token))
        {
            outcome = piece as ReplyOutcome ?? outcome;
        }

        return new ReplyPreviewResult(
            retrieval.Passages, retrieval.Confidence, settings.MinConfidence, null,
            outcome?.Text ?? string.Empty, outcome?.Source ?? ReplySource.NoAnswer, outcome?.FallbackReason, watch.ElapsedMilliseconds);
    }
}
