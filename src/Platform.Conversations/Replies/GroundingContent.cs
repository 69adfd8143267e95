using System.Globalization;
using Microsoft.Extensions.AI;
using Platform.Inference.Templates;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Replies;

/// <summary>
/// Carries retrieved passages inside the prompt as tagged text parts, so any <see cref="IChatClient"/> reads them as
/// text while the extractive generator can still tell them apart without parsing the prompt.
/// </summary>
public static class GroundingContent
{
    public static TextContent ToContent(RetrievedPassage passage, int index)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var heading = passage.HeadingPath.Length > 0 ? $"{passage.Title} > {passage.HeadingPath}" : passage.Title;
        return new TextContent(string.Create(CultureInfo.InvariantCulture, $"[{index + 1}] {heading}\n{passage.Text}\n"))
        {
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [GroundingProperties.PassageIndex] = index,
                [GroundingProperties.PassageTitle] = passage.Title,
                [GroundingProperties.PassageHeading] = passage.HeadingPath,
                [GroundingProperties.PassageBody] = passage.Text,
                [GroundingProperties.FaqEntry] = passage.IsFaqEntry || FaqEntries.IsQuestion(passage.HeadingPath),
            },
        };
    }

    public static IEnumerable<GroundingPassage> Read(IEnumerable<ChatMessage> messages) =>
        messages
            .SelectMany(m => m.Contents.OfType<TextContent>())
            .Where(c => c.AdditionalProperties?.ContainsKey(GroundingProperties.PassageIndex) == true)
            .Select(c => new GroundingPassage(
                Convert.ToInt32(c.AdditionalProperties![GroundingProperties.PassageIndex], CultureInfo.InvariantCulture),
                c.AdditionalProperties[GroundingProperties.PassageTitle] as string ?? string.Empty,
                c.AdditionalProperties[GroundingProperties.PassageHeading] as string ?? string.Empty,
                c.AdditionalProperties[GroundingProperties.PassageBody] as string ?? c.Text,
                c.AdditionalProperties.TryGetValue(GroundingProperties.FaqEntry, out var faq) && faq is true))
            .OrderBy(p => p.Index);

    /// <summary>What the visitor asked: the text of the prompt's last user message.</summary>
    public static string Question(IEnumerable<ChatMessage> messages) =>
        messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
}

public sealed record GroundingPassage(int Index, string Title, string HeadingPath, string Body, bool IsFaqEntry)
{
    /// <summary>The innermost heading: for an FAQ entry, the question it answers; empty without a heading.</summary>
    public string LastHeading => HeadingPath.Length > 0 ? HeadingPath.Split(" > ")[^1] : string.Empty;
}
