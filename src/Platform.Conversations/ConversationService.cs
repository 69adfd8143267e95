using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Conversations.Handoffs;
using Platform.Conversations.Messages;
using Platform.Conversations.Prompting;
using Platform.Conversations.Replies;
using Platform.Data.Conversations;
using Platform.Domain.Conversations;
using Platform.Knowledge;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations;

/// <summary>
/// The conversation service: stores what visitors send, then answers from the knowledge base through the
/// <see cref="IChatClient"/>, streaming the reply and storing it with its citations.
/// </summary>
public sealed partial class ConversationService(
    ConversationStore store,
    HandoffStore handoffs,
    ReplyRouting routing,
    KnowledgeBaseCatalog knowledgeBases,
    GroundedPromptRenderer prompts,
    GroundedReplyGenerator generator,
    IOptions<ConversationOptions> options,
    IOptions<KnowledgeOptions> knowledgeOptions,
    IOptions<HandoffOptions> handoffOptions,
    IAgentAvailability agentAvailability,
    IHandoffEvents handoffEvents,
    TimeProvider timeProvider,
    ILogger<ConversationService> logger)
{
    internal const string GreetingReply =
        "Hi! I can answer questions about orders, shipping, returns, warranties and our products. What can I help you with?";

    internal const string OfferPersonSuffix = "Would you like me to connect you with a person from our support team?";

    internal const string HandoffReply =
        "I'm connecting you with a person from our support team. They'll see this conversation, so you won't need to repeat yourself.";

    internal const string NobodyOnlineReply =
        "I've passed this to our support team, but nobody is online right now. Leave your email address here and we'll write back as soon as we're in.";

    internal const string NoAnswerReply =
        "I'm sorry, I couldn't find an answer to that in our help articles. Would you like me to connect you with a person from our support team?";

    public async Task<Conversation> StartAsync(string visitorId, string? knowledgeBaseSlug, CancellationToken cancellationToken)
    {
        var slug = string.IsNullOrWhiteSpace(knowledgeBaseSlug) ? knowledgeOptions.Value.DefaultKnowledgeBase : knowledgeBaseSlug;
        var knowledgeBaseId = await knowledgeBases.FindIdAsync(slug, cancellationToken) ?? throw new KnowledgeBaseNotFoundException(slug);
        return await store.CreateConversationAsync(visitorId, knowledgeBaseId, cancellationToken);
    }

    /// <summary>The conversation, if it exists and belongs to the visitor; someone else's looks exactly like a missing one.</summary>
    public async Task<Conversation> GetForVisitorAsync(Guid conversationId, string visitorId, CancellationToken cancellationToken)
    {
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
        return conversation is not null && conversation.IsOwnedBy(visitorId)
            ? conversation
            : throw new ConversationNotFoundException(conversationId);
    }

    /// <summary>The transcript as the visitor may see it: agents' internal notes left out.</summary>
    public async Task<IReadOnlyList<Message>> GetTranscriptAsync(Guid conversationId, string visitorId, CancellationToken cancellationToken)
    {
        await GetForVisitorAsync(conversationId, visitorId, cancellationToken);
        return [.. (await store.GetMessagesAsync(conversationId, cancellationToken)).Where(m => m.Role != MessageRole.Note)];
    }

    /// <summary>Validates and stores a visitor message; the same client message id twice stores it once.</summary>
    public async Task<AppendResult> AcceptVisitorMessageAsync(
        Guid conversationId, string visitorId, string? clientMessageId, string? text, CancellationToken cancellationToken)
    {
        var validText = MessageValidator.Validate(text, clientMessageId, options.Value.MaxMessageLength);
        await GetForVisitorAsync(conversationId, visitorId, cancellationToken);
        var message = new Message
        {
            ConversationId = conversationId,
            Role = MessageRole.Visitor,
            Text = validText,
            ClientMessageId = clientMessageId ?? Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N"),
        };
        return await store.AppendAsync(message, cancellationToken);
    }

    /// <summary>
    /// The visitor pressed "talk to a person": the chat goes to the queue now, whatever the bot would have said. The
    /// stored notice is the bot's last word; null when the bot does not own the chat (a person already does).
    /// </summary>
    public async Task<Message?> RequestPersonAsync(Guid conversationId, string visitorId, CancellationToken cancellationToken)
    {
        await GetForVisitorAsync(conversationId, visitorId, cancellationToken);
        if (await handoffs.RequestAsync(conversationId, Platform.Domain.Handoffs.HandoffReason.VisitorAsked, "pressed \"talk to a person\"", cancellationToken) is not { } handoff)
        {
            return null;
        }

        await handoffEvents.QueuedAsync(handoff, cancellationToken);

        var notice = new Message
        {
            ConversationId = conversationId,
            Role = MessageRole.Bot,
            Text = agentAvailability.AnyAgentOnline ? HandoffReply : NobodyOnlineReply,
            Source = ReplySource.Handoff,
        };
        return (await store.AppendAsync(notice, cancellationToken)).Message;
    }

    public Task<Message?> FindReplyAsync(Guid visitorMessageId, CancellationToken cancellationToken) =>
        store.FindReplyToAsync(visitorMessageId, cancellationToken);

    /// <summary>Answers a stored visitor message and returns the stored reply; empty when a person owns the chat.</summary>
    public async Task<ReplyFinished?> ReplyAsync(Message visitorMessage, CancellationToken cancellationToken)
    {
        ReplyFinished? finished = null;
        await foreach (var update in StreamReplyAsync(visitorMessage, cancellationToken))
        {
            finished = update as ReplyFinished ?? finished;
        }

        return finished;
    }

    /// <summary>
    /// Produces the bot's reply to a stored visitor message as it is generated. The last update is a
    /// <see cref="ReplyFinished"/> that carries the reply as stored; nothing is yielded when the bot does not own the chat.
    /// </summary>
    public async IAsyncEnumerable<ReplyUpdate> StreamReplyAsync(Message visitorMessage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitorMessage);
        var conversation = await store.FindConversationAsync(visitorMessage.ConversationId, cancellationToken)
            ?? throw new ConversationNotFoundException(visitorMessage.ConversationId);
        if (conversation.State == ConversationState.Closed && await handoffs.ReopenAsync(conversation.Id, cancellationToken))
        {
            // Writing again after a person closed the chat reopens it, to the bot: never straight back into the queue.
            conversation.State = ConversationState.Bot;
        }

        if (conversation.State != ConversationState.Bot)
        {
            // A person holds the chat, or it waits for one: the message goes to them, and the bot says nothing.
            await handoffEvents.VisitorWroteToPersonAsync(visitorMessage, cancellationToken);
            yield break;
        }

        if (conversation.KnowledgeBaseId is not { } knowledgeBaseId)
        {
            yield break;
        }

        var started = timeProvider.GetTimestamp();
        var replyId = Guid.CreateVersion7(timeProvider.GetUtcNow());
        yield return new ReplyStarted(conversation.Id, replyId, visitorMessage.Id);

        var settings = options.Value;
        var (signals, picked) = await SignalsAsync(visitorMessage, cancellationToken);
        var route = await routing.RouteAsync(knowledgeBaseId, signals, cancellationToken, picked);
        var (decision, retrieval, answerable, retrieved) = route;
        var reply = new Message
        {
            Id = replyId,
            ConversationId = conversation.Id,
            Role = MessageRole.Bot,
            Text = string.Empty,
            InReplyToId = visitorMessage.Id,
            Confidence = retrieved ? retrieval.Confidence : null,
        };

        var offerHuman = false;
        string? fallbackReason = null;
        if (decision is not null)
        {
            if (await handoffs.RequestAsync(conversation.Id, decision.Reason, decision.Detail, cancellationToken) is not { } handoff)
            {
                // A person (or another message's hand-off) took the chat meanwhile: the message is theirs, the bot says nothing.
                await handoffEvents.VisitorWroteToPersonAsync(visitorMessage, cancellationToken);
                yield break;
            }

            await handoffEvents.QueuedAsync(handoff, cancellationToken);

            LogHandedOff(logger, conversation.Id, decision.Reason, decision.Detail);
            reply.Text = agentAvailability.AnyAgentOnline ? HandoffReply : NobodyOnlineReply;
            reply.Source = ReplySource.Handoff;
            yield return new ReplyTextDelta(conversation.Id, replyId, 0, reply.Text);
        }
        else if (route.Choices is { } choices)
        {
            reply.Text = ClarifyingChoices.Reply(choices);
            reply.Source = ReplySource.Clarify;
            reply.Model = ExtractiveChatClient.ModelId;
            reply.Citations = [.. choices.Select(ToCitation)];
            yield return new ReplyTextDelta(conversation.Id, replyId, 0, reply.Text);
        }
        else if (answerable)
        {
            var index = 0;
            var passages = retrieval.Passages.Take(settings.PassagesInPrompt).ToList();
            var prompt = await prompts.RenderAsync(visitorMessage.Text, passages, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.ReplyTimeoutSeconds));
            ReplyOutcome? outcome = null;
            await foreach (var piece in generator.GenerateAsync(prompt, [.. passages.Select(p => p.Text)], timeout.Token))
            {
                if (piece is ReplyText delta)
                {
                    yield return new ReplyTextDelta(conversation.Id, replyId, index++, delta.Text);
                }

                outcome = piece as ReplyOutcome ?? outcome;
            }

            reply.Model = outcome!.Model;
            fallbackReason = outcome.FallbackReason;
            reply.Source = outcome.Source;
            reply.PromptTokens = outcome.PromptTokens;
            reply.CompletionTokens = outcome.CompletionTokens;
            if (outcome.ModelAskedForPerson)
            {
                offerHuman = true;
                var offer = outcome.Text.Length > 0 ? " " + OfferPersonSuffix : NoAnswerReply;
                reply.Text = outcome.Text + offer;
                yield return new ReplyTextDelta(conversation.Id, replyId, index, offer);
            }
            else
            {
                reply.Text = outcome.Text;
                reply.Citations = [.. CitedPassages.For(outcome.Text, passages).Select(ToCitation)];
            }
        }
        else
        {
            offerHuman = retrieval.Terms.Count > 0;
            reply.Text = offerHuman ? NoAnswerReply : GreetingReply;
            reply.Source = offerHuman ? ReplySource.NoAnswer : ReplySource.Greeting;
            reply.Model = ExtractiveChatClient.ModelId;
            yield return new ReplyTextDelta(conversation.Id, replyId, 0, reply.Text);
        }

        reply.LatencyMs = (int)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var stored = await store.AppendAsync(reply, cancellationToken);
        LogReplied(logger, conversation.Id, reply.Source, fallbackReason ?? "none", retrieval.Confidence, reply.LatencyMs.Value);
        yield return new ReplyFinished(conversation.Id, stored.Message, Handoff: decision is not null, OfferHuman: offerHuman);
    }

    /// <summary>
    /// What the hand-off policy needs from the transcript: whether the bot's last reply offered a person, and how many
    /// bot replies in a row (since a person last spoke) could not answer. A greeting is not a failure. Also the entry the
    /// message picks, when the bot's last reply asked which one the visitor meant.
    /// </summary>
    private async Task<(HandoffSignals Signals, long? PickedChunkId)> SignalsAsync(Message visitorMessage, CancellationToken cancellationToken)
    {
        var recent = await store.GetRecentAsync(visitorMessage.ConversationId, (2 * handoffOptions.Value.MaxFailuresInARow) + 4, cancellationToken);
        var before = recent.Where(m => m.Seq < visitorMessage.Seq && m.Role != MessageRole.Note).TakeWhile(m => m.Role is MessageRole.Bot or MessageRole.Visitor).ToList();
        var lastBot = before.FirstOrDefault(m => m.Role == MessageRole.Bot);
        var offered = lastBot is not null && (lastBot.Source == ReplySource.NoAnswer || lastBot.Text.EndsWith(OfferPersonSuffix, StringComparison.Ordinal));
        var failures = before.Where(m => m.Role == MessageRole.Bot).TakeWhile(IsFailure).Count();
        return (new HandoffSignals(visitorMessage.Text, offered, failures), ClarifyingChoices.Picked(lastBot, visitorMessage.Text));
    }

    private static bool IsFailure(Message botReply) => botReply.Source == ReplySource.NoAnswer;

    private static Citation ToCitation(RetrievedPassage passage) => new()
    {
        DocumentId = passage.DocumentId,
        ChunkId = passage.ChunkId,
        Title = passage.Title,
        Source = passage.Source,
        HeadingPath = passage.HeadingPath,
        Snippet = passage.Snippet,
        Score = Math.Round(passage.Score, 4),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed conversation {ConversationId} to a person: {Reason} ({Detail})")]
    private static partial void LogHandedOff(ILogger logger, Guid conversationId, Platform.Domain.Handoffs.HandoffReason reason, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replied in conversation {ConversationId} ({Source}, fallback: {FallbackReason}, confidence {Confidence:0.00}, {LatencyMs} ms)")]
    private static partial void LogReplied(ILogger logger, Guid conversationId, ReplySource? source, string fallbackReason, double confidence, int latencyMs);
}
