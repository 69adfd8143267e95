using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Conversations.Replies;
using Platform.Domain.Conversations;
using Platform.Inference;
using Platform.Knowledge.Retrieval;
using Polly;
using Polly.Registry;

namespace Platform.Conversations.Tests;

public sealed class GroundedReplyGeneratorTests
{
    private const string PassageText = "Standard shipping takes 3 to 5 business days. Orders over $50 ship free.";

    [Fact]
    public async Task GroundedModelReply_IsStreamedAndKeptAsGenerated()
    {
        var model = new ScriptedModel(_ => ["Sure!", " Standard shipping takes 3 to 5 business days."]);
        var (pieces, outcome) = await RunAsync(model);

        Assert.Equal(ReplySource.Generated, outcome.Source);
        Assert.Null(outcome.FallbackReason);
        Assert.Equal("Sure! Standard shipping takes 3 to 5 business days.", outcome.Text);
        Assert.Equal(outcome.Text, string.Concat(pieces).Trim());
        Assert.Equal("scripted", outcome.Model);
    }

    [Fact]
    public async Task UngroundedModelReply_IsReplacedByTheExtractiveAnswer()
    {
        var model = new ScriptedModel(_ => ["Shipping is instant and costs nothing on Mars."]);
        var (_, outcome) = await RunAsync(model);

        Assert.Equal(ReplySource.Extractive, outcome.Source);
        Assert.Equal("ungrounded", outcome.FallbackReason);
        Assert.Contains("3 to 5 business days", outcome.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelReplyStatingANumberThePassageDoesNot_IsWithdrawnAsAnUnsupportedClaim()
    {
        // Eleven of its twelve content words are in the passage, so the share check alone keeps it.
        var model = new ScriptedModel(_ => ["Standard shipping takes 3 to 5 business days. Orders over $75 ship free."]);
        var (_, outcome) = await RunAsync(model);

        Assert.Equal(ReplySource.Extractive, outcome.Source);
        Assert.Equal("unsupported-claim", outcome.FallbackReason);
        var claim = Assert.Single(outcome.UnsupportedClaims!.Unsupported);
        Assert.Equal(ClaimKind.Number, claim.Kind);
        Assert.Equal("$75", claim.Claim);
    }

    [Fact]
    public async Task ModelReplyAnsweringYesAboutSomethingThePassageNeverNames_IsWithdrawn()
    {
        var model = new ScriptedModel(_ => ["Yes! Standard shipping takes 3 to 5 business days."]);
        var (_, outcome) = await RunAsync(model, question: "do you ship to mars");

        Assert.Equal("unsupported-claim", outcome.FallbackReason);
        Assert.Equal(ClaimKind.Polarity, Assert.Single(outcome.UnsupportedClaims!.Unsupported).Kind);
    }

    [Fact]
    public async Task ModelReplyTrueToThePassageButAboutSomethingElse_IsWithdrawnAsOffQuestion()
    {
        // Every word is the passage's, so grounding and the claim check pass it; it just answers another question.
        var model = new ScriptedModel(_ => ["Standard shipping takes 3 to 5 business days."]);
        var (_, outcome) = await RunAsync(model, question: "do big orders ship free");

        Assert.Equal(ReplySource.Extractive, outcome.Source);
        Assert.Equal("off-question", outcome.FallbackReason);
        Assert.Contains("Orders over $50 ship free", outcome.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashingModel_FallsBackToTheExtractiveAnswer()
    {
        var model = new ScriptedModel(_ => throw new InvalidOperationException("onnx runtime exploded"));
        var (pieces, outcome) = await RunAsync(model);

        Assert.Equal(ReplySource.Extractive, outcome.Source);
        Assert.Equal("error", outcome.FallbackReason);
        Assert.Equal(outcome.Text, string.Concat(pieces));
    }

    [Fact]
    public async Task HangingModel_TimesOutAndFallsBack_WithinTheGenerationTimeout()
    {
        var model = new ScriptedModel(_ => ["Standard"], hangAfterFirst: true);
        var started = TimeProvider.System.GetTimestamp();
        var (_, outcome) = await RunAsync(model, timeoutSeconds: 1);

        Assert.Equal(ReplySource.Extractive, outcome.Source);
        Assert.Equal("timeout", outcome.FallbackReason);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ModelThatAsksForAPerson_IsReportedAsNoAnswer()
    {
        var model = new ScriptedModel(_ => [" I'm not sure about that."], askForPerson: true);
        var (_, outcome) = await RunAsync(model);

        Assert.Equal(ReplySource.NoAnswer, outcome.Source);
        Assert.True(outcome.ModelAskedForPerson);
    }

    [Fact]
    public async Task UnavailableModel_FallsBackAndSaysWhy()
    {
        var model = new ScriptedModel(_ => throw new ModelUnavailableException("no model"));
        var (_, outcome) = await RunAsync(model);

        Assert.Equal("model-unavailable", outcome.FallbackReason);
    }

    [Fact]
    public async Task WithoutAModel_TheExtractiveAnswerIsTheReply()
    {
        using var extractive = new ExtractiveChatClient();
        var (_, outcome) = await RunAsync(extractive);

        Assert.Equal(ReplySource.Extractive, outcome.Source);
        Assert.Null(outcome.FallbackReason);
    }

    private static async Task<(List<string> Pieces, ReplyOutcome Outcome)> RunAsync(IChatClient model, int timeoutSeconds = 5, string question = "how long is shipping")
    {
        var options = Options.Create(new ConversationOptions { GenerationTimeoutSeconds = timeoutSeconds });
        var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder(GroundedReplyGenerator.PipelineName, (builder, _) => builder.AddTimeout(TimeSpan.FromSeconds(timeoutSeconds)));
        using var extractive = new ExtractiveChatClient();
        var generator = new GroundedReplyGenerator(model, extractive, registry, options, NullLogger<GroundedReplyGenerator>.Instance);
        var passage = new RetrievedPassage(1, Guid.NewGuid(), "Shipping FAQ", "faq/shipping.md", "How long does shipping take?", PassageText, PassageText, 1);
        var system = new ChatMessage(ChatRole.System, [new TextContent("instructions"), GroundingContent.ToContent(passage, 0)]);
        var pieces = new List<string>();
        ReplyOutcome? outcome = null;
        await foreach (var piece in generator.GenerateAsync([system, new ChatMessage(ChatRole.User, question)], [PassageText], CancellationToken.None))
        {
            if (piece is ReplyText text)
            {
                pieces.Add(text.Text);
            }

            outcome = piece as ReplyOutcome ?? outcome;
        }

        return (pieces, outcome!);
    }

    /// <summary>A model that says what the test scripts, then optionally hangs until cancelled.</summary>
    private sealed class ScriptedModel(Func<IEnumerable<ChatMessage>, string[]> script, bool hangAfterFirst = false, bool askForPerson = false) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var piece in script(messages))
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = "scripted" };
                if (hangAfterFirst)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
            }

            yield return new ChatResponseUpdate { ModelId = "scripted", AdditionalProperties = new() { [LocalChatClient.HandoffRequestedKey] = askForPerson } };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

public sealed class CitedPassagesTests
{
    private static RetrievedPassage Passage(string title, string text) => new(1, Guid.NewGuid(), title, title + ".md", string.Empty, text, text, 1);

    [Fact]
    public void Reply_QuotingTwoPassages_CitesBoth_InTheOrderItQuotesThem()
    {
        var shipping = Passage("shipping", "Standard shipping takes 3 to 5 business days. Orders over $50 ship free.");
        var returns = Passage("returns", "You can return unused items within 60 days. Refunds take 5 days.");
        var rental = Passage("rentals", "Tents rent for $25 a day.");

        var cited = CitedPassages.For("Sure! You can return unused items within 60 days. Orders over $50 ship free.", [shipping, returns, rental]);

        Assert.Equal(["returns", "shipping"], cited.Select(p => p.Title));
    }

    [Fact]
    public void Reply_QuotingNothing_CitesThePassageThatSupportsItMost()
    {
        var shipping = Passage("shipping", "Standard shipping takes 3 to 5 business days.");
        var returns = Passage("returns", "You can return unused items within 60 days.");

        var cited = CitedPassages.For("returns of unused items are accepted for 60 days", [shipping, returns]);

        Assert.Equal("returns", Assert.Single(cited).Title);
    }
}
