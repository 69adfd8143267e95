using Microsoft.Extensions.AI;

namespace Platform.Inference.Templates;

/// <summary>Turns chat messages into the token sequence a model was trained on.</summary>
public interface IChatTemplate
{
    string Name { get; }

    /// <summary>Renders the messages into at most <paramref name="maxPromptTokens"/> tokens, dropping what fits least.</summary>
    PromptPlan Render(IReadOnlyList<ChatMessage> messages, int maxPromptTokens);
}
