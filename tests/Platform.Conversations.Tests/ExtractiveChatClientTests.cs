using Microsoft.Extensions.AI;
using Platform.Conversations.Replies;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Tests;

public sealed class ExtractiveChatClientTests
{
    private static ChatMessage[] Prompt(params RetrievedPassage[] passages) => Asked("question", passages);

    private static ChatMessage[] Asked(string question, params RetrievedPassage[] passages)
    {
        var system = new ChatMessage(ChatRole.System, [new TextContent("instructions")]);
        for (var i = 0; i < passages.Length; i++)
        {
            system.Contents.Add(GroundingContent.ToContent(passages[i], i));
        }

        return [system, new ChatMessage(ChatRole.User, question)];
    }

    private static RetrievedPassage Passage(string heading, string text, string title = "Shipping FAQ") =>
        new(1, Guid.NewGuid(), title, "faq/shipping.md", heading, text, text, 1);

    [Fact]
    public async Task Streaming_DeltasAddUpToTheNonStreamingAnswer()
    {
        using var client = new ExtractiveChatClient();
        var prompt = Prompt(Passage("How long does shipping take?", "Standard shipping takes 3-5 business days.\n\nExpedited takes 1-2."));

        var whole = await client.GetResponseAsync(prompt);
        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync(prompt))
        {
            pieces.Add(update.Text);
        }

        Assert.True(pieces.Count > 3);
        Assert.Equal(whole.Text, string.Concat(pieces));
    }

    [Fact]
    public async Task FaqAnswer_IsQuotedAsIs()
    {
        using var client = new ExtractiveChatClient();
        var response = await client.GetResponseAsync(Prompt(Passage("Do you ship abroad?", "We ship to Canada."), Passage("Other?", "Second.")));

        Assert.Equal("We ship to Canada.", response.Text);
        Assert.Equal(ExtractiveChatClient.ModelId, response.ModelId);
    }

    [Fact]
    public async Task FaqEntry_UnderATopicHeading_IsQuotedAsIs()
    {
        using var client = new ExtractiveChatClient();
        var entry = Passage("Shipping times", "Standard shipping takes 3-5 business days.") with { IsFaqEntry = true };

        var response = await client.GetResponseAsync(Prompt(entry));

        Assert.Equal("Standard shipping takes 3-5 business days.", response.Text);
    }

    [Fact]
    public async Task PageSection_IsFramedWithItsSource()
    {
        using var client = new ExtractiveChatClient();
        var response = await client.GetResponseAsync(Prompt(Passage("Specifications", "Weight: 1.9 kg.", "Summit 2 Tent")));

        Assert.StartsWith("From Summit 2 Tent (Specifications):", response.Text, StringComparison.Ordinal);
        Assert.Contains("Weight: 1.9 kg.", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutPassages_ItRefusesInsteadOfInventing()
    {
        using var client = new ExtractiveChatClient();
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
    }

    [Fact]
    public async Task Streaming_StopsWhenCancelled()
    {
        using var client = new ExtractiveChatClient();
        using var cancellation = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Prompt(Passage("Q?", "one two three four five six")), cancellationToken: cancellation.Token))
            {
                received++;
                await cancellation.CancelAsync();
            }
        });
        Assert.Equal(1, received);
    }

    [Fact]
    public async Task AnEntrysYes_IsDroppedWhenTheVisitorAskedAboutSomethingItNeverNames()
    {
        using var client = new ExtractiveChatClient();
        var entry = Passage("Do you ship internationally?", "Yes, we deliver to Canada and the United Kingdom.");

        var response = await client.GetResponseAsync(Asked("Do you ship to Antarctica?", entry));

        Assert.Equal("From Shipping FAQ (Do you ship internationally?):\n\nWe deliver to Canada and the United Kingdom.", response.Text);
    }

    [Fact]
    public async Task AnEntrysYes_IsDroppedForAHowMuchQuestion()
    {
        using var client = new ExtractiveChatClient();
        var entry = Passage("Do you ship to Hawaii?", "Yes. Standard shipping to Hawaii costs a flat $12.95.");

        var response = await client.GetResponseAsync(Asked("how much is shipping to hawaii", entry));

        Assert.DoesNotContain("Yes", response.Text, StringComparison.Ordinal);
        Assert.Contains("Standard shipping to Hawaii costs a flat $12.95.", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntrysYes_StaysWhenTheEntryBacksItForTheVisitorsQuestion()
    {
        using var client = new ExtractiveChatClient();
        var entry = Passage("Do you ship internationally?", "Yes, we deliver to Canada and the United Kingdom.");

        var response = await client.GetResponseAsync(Asked("do you deliver to canada", entry));

        Assert.Equal("Yes, we deliver to Canada and the United Kingdom.", response.Text);
    }
}
