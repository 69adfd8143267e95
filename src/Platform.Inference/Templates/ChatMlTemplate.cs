using Microsoft.Extensions.AI;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Templates;

/// <summary>ChatML, as Qwen-family models use it: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>, then the assistant's turn.</summary>
public sealed class ChatMlTemplate(ModelTokenizer tokenizer, IReadOnlyCollection<int> eosTokenIds) : IChatTemplate
{
    public const string TemplateName = "chatml";

    private readonly int _start = tokenizer.RequireSpecial("<|im_start|>");
    private readonly int _end = tokenizer.RequireSpecial("<|im_end|>");

    public string Name => TemplateName;

    public PromptPlan Render(IReadOnlyList<ChatMessage> messages, int maxPromptTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var turns = messages.Select(Turn).ToList();
        var system = messages.Count > 0 && messages[0].Role == ChatRole.System ? 1 : 0;

        // The system turn and the latest turns matter most: drop the oldest of the others until the prompt fits.
        while (Count(turns) + 3 > maxPromptTokens && turns.Count > system + 1)
        {
            turns.RemoveAt(system);
        }

        var ids = new List<int>(Count(turns) + 3);
        turns.ForEach(ids.AddRange);
        ids.Add(_start);
        tokenizer.EncodePlain("assistant\n", ids);
        if (ids.Count > maxPromptTokens)
        {
            throw new ArgumentException($"The prompt needs {ids.Count} tokens even after dropping older turns; at most {maxPromptTokens} fit.", nameof(messages));
        }

        return new PromptPlan(ids, new HashSet<int>(eosTokenIds) { _end }, new Dictionary<int, string>(), HandoffTokenId: null);
    }

    private static int Count(List<List<int>> turns) => turns.Sum(t => t.Count);

    private List<int> Turn(ChatMessage message)
    {
        var ids = new List<int> { _start };
        tokenizer.EncodePlain($"{message.Role.Value}\n{message.Text}", ids);
        ids.Add(_end);
        tokenizer.EncodePlain("\n", ids);
        return ids;
    }
}
