using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatRole = Microsoft.Extensions.AI.ChatRole;
using Platform.Conversations.Replies;
using Platform.Knowledge.Retrieval;

namespace Platform.Conversations.Prompting;

/// <summary>
/// Builds the grounded prompt: a Semantic Kernel template for the instructions, the passages as tagged parts of the
/// system message, then the visitor's question as its own user message (never spliced into the template).
/// </summary>
public sealed class GroundedPromptRenderer(IOptions<ConversationOptions> options)
{
    private const string SystemTemplate = """
        You are the customer-support assistant of {{$company}}. Answer the customer's question using only the
        numbered passages below, and cite them like [1]. If the passages do not answer the question, say that you
        don't know and offer to connect the customer with a person. Be brief and friendly.
        """;

    private readonly Kernel _kernel = new();
    private readonly IPromptTemplate _template = new KernelPromptTemplateFactory().Create(new PromptTemplateConfig(SystemTemplate));

    public async Task<IReadOnlyList<ChatMessage>> RenderAsync(string question, IReadOnlyList<RetrievedPassage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        var instructions = await _template.RenderAsync(_kernel, new KernelArguments { ["company"] = options.Value.CompanyName }, cancellationToken);
        var system = new ChatMessage(ChatRole.System, [new Microsoft.Extensions.AI.TextContent(instructions + "\n\n")]);
        for (var i = 0; i < passages.Count; i++)
        {
            system.Contents.Add(GroundingContent.ToContent(passages[i], i));
        }

        return [system, new ChatMessage(ChatRole.User, question)];
    }
}
