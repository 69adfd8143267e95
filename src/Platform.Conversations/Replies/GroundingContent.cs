using System.Globalization;
using Microsoft.Extensions.AI;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Replies;

/// <summary>
/// Carries retrieved passages inside the prompt as tagged text parts, so any <see cref="IChatClient"/> reads them as
/// text while the extractive generator can still tell them apart without parsing the prompt.
/// </summary>
public static class GroundingContent
{
    public const string PassageIndexKey = "platform.passage.index";
    public const string PassageTitleKey = "platform.passage.title";
    public const string PassageHeadingKey = "platform.passage.heading";
    public const string PassageBodyKey = "platform.passage.body";

    public static TextContent ToContent(RetrievedPassage passage, int index)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var heading = passage.HeadingPath.Length > 0 ? $"{passage.Title} > {passage.HeadingPath}" : passage.Title;
        return new TextContent(string.Create(CultureInfo.InvariantCulture, $"[{index + 1}] {heading}\n{passage.Text}\n"))
        {
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [PassageIndexKey] = index,
                [PassageTitleKey] = passage.Title,
                [PassageHeadingKey] = passage.HeadingPath,
                [PassageBodyKey] = passage.Text,
            },
        };
    }

    public static IEnumerable<GroundingPassage> Read(IEnumerable<ChatMessage> messages) =>
        messages
            .SelectMany(m => m.Contents.OfType<TextContent>())
            .Where(c => c.AdditionalProperties?.ContainsKey(PassageIndexKey) == true)
            .Select(c => new GroundingPassage(
                Convert.ToInt32(c.AdditionalProperties![PassageIndexKey], CultureInfo.InvariantCulture),
                c.AdditionalProperties[PassageTitleKey] as string ?? string.Empty,
                c.AdditionalProperties[PassageHeadingKey] as string ?? string.Empty,
                c.AdditionalProperties[PassageBodyKey] as string ?? c.Text))
            .OrderBy(p => p.Index);
}

public sealed record GroundingPassage(int Index, string Title, string HeadingPath, string Body);
