using Microsoft.Extensions.Options;
using Platform.Conversations.Handoffs;
using Platform.Knowledge;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations;

/// <summary>Where a message goes: to a person (and why), or to an answer from the passages retrieval found.</summary>
/// <remarks><see cref="Retrieved"/> is false when the policy handed off before retrieving: there is no confidence then.</remarks>
public sealed record ReplyRoute(HandoffDecision? Handoff, RetrievalResult Retrieval, bool Answerable, bool Retrieved);

/// <summary>
/// The one place the bot decides between answering and handing off: the hand-off policy before retrieval (asked for a
/// person, an always-human topic, frustration), retrieval, then the policy again when nothing answers well enough.
/// The conversation service and the admins' test chat both route through it, so the test chat shows what visitors get.
/// </summary>
public sealed class ReplyRouting(
    HandoffPolicy handoffPolicy, IRetriever retriever, IOptions<ConversationOptions> options, IOptions<KnowledgeOptions> knowledgeOptions)
{
    public async Task<ReplyRoute> RouteAsync(Guid knowledgeBaseId, HandoffSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var decisionBefore = handoffPolicy.BeforeRetrieval(signals);
        var decision = decisionBefore;
        var retrieval = decision is null
            ? await retriever.RetrieveAsync(knowledgeBaseId, signals.Text, knowledgeOptions.Value.TopK, cancellationToken)
            : RetrievalResult.Empty([]);
        var answerable = retrieval.Passages.Count > 0 && retrieval.Confidence >= options.Value.MinConfidence;
        if (decision is null && !answerable && retrieval.Terms.Count > 0)
        {
            decision = handoffPolicy.AfterRetrieval(signals with { Answerable = false, Confidence = retrieval.Confidence });
        }

        return new ReplyRoute(decision, retrieval, answerable, Retrieved: decisionBefore is null);
    }
}
