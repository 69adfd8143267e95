using Microsoft.Extensions.AI;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Templates;

/// <summary>
/// ChatML, as Qwen-family models use it: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>, then the assistant's
/// turn. With <paramref name="emptyThinking"/> (Qwen3, whose template has an <c>enable_thinking</c> switch) the
/// assistant's turn opens with an empty thinking block, as the template renders <c>enable_thinking=false</c>: a
/// support reply goes straight to the visitor, with no reasoning to show or hide.
/// </summary>
public sealed class ChatMlTemplate(ModelTokenizer tokenizer, IReadOnlyCollection<int> eosTokenIds, bool emptyThinking = false)
    : TurnTemplate(tokenizer, [.. eosTokenIds, tokenizer.RequireSpecial("<|im_end|>")])
{
    public const string TemplateName = "chatml";

    public override string Name => emptyThinking ? TemplateName + "-no-thinking" : TemplateName;

    protected override List<int> Opening(ChatMessage? system) => system is null ? [] : Turn(system);

    protected override List<int> Turn(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var ids = new List<int> { Tokenizer.RequireSpecial("<|im_start|>") };
        Tokenizer.EncodePlain($"{message.Role.Value}\n{message.Text}", ids);
        ids.Add(Tokenizer.RequireSpecial("<|im_end|>"));
        Tokenizer.EncodePlain("\n", ids);
        return ids;
    }

    protected override List<int> AssistantOpening()
    {
        var ids = new List<int> { Tokenizer.RequireSpecial("<|im_start|>") };
        Tokenizer.EncodePlain("assistant\n", ids);
        if (emptyThinking)
        {
            ids.Add(Tokenizer.RequireSpecial("<think>"));
            Tokenizer.EncodePlain("\n\n", ids);
            ids.Add(Tokenizer.RequireSpecial("</think>"));
            Tokenizer.EncodePlain("\n\n", ids);
        }

        return ids;
    }
}
