using Microsoft.Extensions.AI;
using Platform.TestSupport;

namespace Platform.Inference.Tests;

/// <summary>The shipped model answering from an FAQ entry: with whole-entry quoting, the reply is the entry, complete.</summary>
public sealed class WholeEntryQuotingTests
{
    private static readonly string[] Entry =
    [
        "Standard shipping takes 3 to 5 business days.",
        "Orders placed before noon leave our warehouse the same day.",
        "You get a tracking link by email when the parcel ships.",
        "Deliveries to remote areas can take two days longer.",
        "Express shipping arrives on the next business day.",
    ];

    private static readonly ChatMessage[] Messages =
    [
        new(ChatRole.System, $"[1] Shipping FAQ > How long does shipping take?\n{string.Join(' ', Entry)}\n\n"
            + "[2] Returns FAQ > Can I return an item?\nYou can return unused items within 30 days. Refunds take 5 days."),
        new(ChatRole.User, "how long does shipping take?"),
    ];

    [Fact]
    public async Task CitingAnFaqEntry_QuotesTheWholeEntryOnce()
    {
        var reply = await AskAsync(quoteWholeFaqEntries: true);

        var at = Entry.Select(sentence => reply.IndexOf(sentence, StringComparison.Ordinal)).ToList();
        Assert.All(at, position => Assert.True(position >= 0, $"every sentence of the entry is in the reply: \"{reply}\""));
        Assert.Equal(at.Order(), at);
        Assert.All(Entry, sentence => Assert.Equal(reply.IndexOf(sentence, StringComparison.Ordinal), reply.LastIndexOf(sentence, StringComparison.Ordinal)));
        Assert.DoesNotContain("Refunds take 5 days.", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutWholeEntries_TheReplyHoldsOnlyTheSentencesTheModelCites_EachOnce()
    {
        var whole = await AskAsync(quoteWholeFaqEntries: true);
        var cited = await AskAsync(quoteWholeFaqEntries: false);

        var quoted = Entry.Where(s => cited.Contains(s, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(quoted);
        Assert.All(quoted, sentence => Assert.Equal(cited.IndexOf(sentence, StringComparison.Ordinal), cited.LastIndexOf(sentence, StringComparison.Ordinal)));
        Assert.True(cited.Length <= whole.Length, $"cited: \"{cited}\"\nwhole: \"{whole}\"");
    }

    private static async Task<string> AskAsync(bool quoteWholeFaqEntries)
    {
        await using var host = await TestHosts.WithModelAsync(Path.Combine(RepositoryPaths.Root, "models", "support-gpt"), quoteWholeFaqEntries: quoteWholeFaqEntries);
        using var client = new LocalChatClient(host.Host);
        var response = await client.GetResponseAsync(Messages);
        return response.Text;
    }
}
