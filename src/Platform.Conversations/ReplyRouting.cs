using Microsoft.Extensions.Options;
using Platform.Conversations.Handoffs;
using Platform.Conversations.Replies;
using Platform.Knowledge;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations;

/// <summary>Where a message goes: to a person (and why), or to an answer from the passages retrieval found.</summary>
/// <remarks>
/// <see cref="Retrieved"/> is false when the policy handed off before retrieving: there is no confidence then.
/// <see cref="Choices"/> is set when the question fits two entries about equally: the bot asks which one is meant.
/// </remarks>
public sealed record ReplyRoute(HandoffDecision? Handoff, RetrievalResult Retrieval, bool Answerable, bool Retrieved)
{
    public IReadOnlyList<RetrievedPassage>? Choices { get; init; }
}

/// <summary>
/// The one place the bot decides between answering and handing off: the hand-off policy before retrieval (asked for a
/// person, an always-human topic, frustration), retrieval, then the policy again when nothing answers well enough.
/// The conversation service and the admins' test chat both route through it, so the test chat shows what visitors get.
/// When BM25 and the dense index disagree on the best entry, a small disagreement gets a question back (which entry?)
/// and a large one is answered from the dense index's choice (<see cref="ClarifyingChoices"/>); a visitor's pick is
/// answered from the entry picked.
/// </summary>
public sealed class ReplyRouting(
    HandoffPolicy handoffPolicy, IRetriever retriever, IOptions<ConversationOptions> options, IOptions<KnowledgeOptions> knowledgeOptions)
{
    /// <summary>Routes one visitor message; <paramref name="pickedChunkId"/> is the entry the visitor picked from the bot's last question (<see cref="ClarifyingChoices.Picked"/>), if any.</summary>
    public async Task<ReplyRoute> RouteAsync(Guid knowledgeBaseId, HandoffSignals signals, CancellationToken cancellationToken, long? pickedChunkId = null)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var settings = options.Value;
        var decisionBefore = handoffPolicy.BeforeRetrieval(signals);
        var decision = decisionBefore;
        var retrieval = decision is null
            ? await retriever.RetrieveAsync(knowledgeBaseId, signals.Text, knowledgeOptions.Value.TopK, cancellationToken)
            : RetrievalResult.Empty([]);
        if (pickedChunkId is { } picked && retrieval.Passages.FirstOrDefault(p => p.ChunkId == picked) is { } chosen)
        {
            // The visitor sent a choice's label, so the passage they picked answers, whatever else the label matches.
            retrieval = retrieval with { Passages = [chosen, .. retrieval.Passages.Where(p => p.ChunkId != picked)] };
            return new ReplyRoute(decision, retrieval, Answerable: decision is null, Retrieved: decisionBefore is null);
        }

        var answerable = retrieval.Passages.Count > 0 && retrieval.Confidence >= settings.MinConfidence;
        if (decision is null && !answerable && retrieval.Terms.Count > 0)
        {
            decision = handoffPolicy.AfterRetrieval(signals with { Answerable = false, Confidence = retrieval.Confidence });
        }

        // A pick that retrieval no longer finds is answered as a question of its own, never asked about again.
        IReadOnlyList<RetrievedPassage>? choices = null;
        if (decision is null && answerable && pickedChunkId is null)
        {
            var settled = ClarifyingChoices.Settle(retrieval.Passages, settings.PassagesInPrompt, settings.ClarifyMargin, settings.FollowEncoderMargin);
            retrieval = retrieval with { Passages = settled.Passages };
            choices = settled.Choices;
        }

        return new ReplyRoute(decision, retrieval, answerable, Retrieved: decisionBefore is null) { Choices = choices };
    }
}
