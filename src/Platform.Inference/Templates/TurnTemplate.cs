using Microsoft.Extensions.AI;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Templates;

/// <summary>
/// A chat template made of a fixed opening, one token run per turn and the assistant's opening, as ChatML and Llama 3
/// are. When the prompt is too long the oldest turns after the system turn go first: the instructions and the latest
/// question matter most.
/// </summary>
public abstract class TurnTemplate(ModelTokenizer tokenizer, IEnumerable<int> stopTokenIds) : IChatTemplate
{
    private readonly HashSet<int> _stop = [.. stopTokenIds];

    public abstract string Name { get; }

    protected ModelTokenizer Tokenizer => tokenizer;

    public PromptPlan Render(IReadOnlyList<ChatMessage> messages, int maxPromptTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var system = messages.Count > 0 && messages[0].Role == ChatRole.System ? messages[0] : null;
        var opening = Opening(system);
        var turns = messages.Skip(system is null ? 0 : 1).Select(Turn).ToList();
        var reply = AssistantOpening();
        while (opening.Count + turns.Sum(t => t.Count) + reply.Count > maxPromptTokens && turns.Count > 1)
        {
            turns.RemoveAt(0);
        }

        var ids = new List<int>(opening);
        turns.ForEach(ids.AddRange);
        ids.AddRange(reply);
        if (ids.Count > maxPromptTokens)
        {
            throw new ArgumentException($"The prompt needs {ids.Count} tokens even after dropping older turns; at most {maxPromptTokens} fit.", nameof(messages));
        }

        return new PromptPlan(ids, _stop, new Dictionary<int, string>(), HandoffTokenId: null);
    }

    /// <summary>What comes before the turns, with the system message if there is one.</summary>
    protected abstract List<int> Opening(ChatMessage? system);

    protected abstract List<int> Turn(ChatMessage message);

    /// <summary>The assistant's opening that the model continues with its reply.</summary>
    protected abstract List<int> AssistantOpening();
}
