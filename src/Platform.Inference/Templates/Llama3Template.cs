using System.Globalization;
using Microsoft.Extensions.AI;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Templates;

/// <summary>
/// Llama 3's headers: <c>&lt;|begin_of_text|&gt;</c>, then per turn
/// <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\ncontent&lt;|eot_id|&gt;</c> with the content trimmed, then
/// the assistant's header. Llama 3.1-3.3 templates always open with a system turn that states the knowledge cut-off
/// and today's date (<paramref name="knowledgeCutoff"/>, read from the template; null for Llama 3.0, whose template
/// has a system turn only when there is a system message). Tools are not rendered: the platform does not offer any.
/// </summary>
public sealed class Llama3Template(ModelTokenizer tokenizer, IReadOnlyCollection<int> eosTokenIds, string? knowledgeCutoff, TimeProvider clock)
    : TurnTemplate(tokenizer, [.. eosTokenIds, tokenizer.RequireSpecial("<|eot_id|>")])
{
    public const string TemplateName = "llama3";

    public override string Name => TemplateName;

    protected override List<int> Opening(ChatMessage? system)
    {
        var ids = new List<int> { Tokenizer.RequireSpecial("<|begin_of_text|>") };
        if (knowledgeCutoff is not null)
        {
            var today = clock.GetLocalNow().ToString("dd MMM yyyy", CultureInfo.InvariantCulture);
            ids.AddRange(Header("system", $"Cutting Knowledge Date: {knowledgeCutoff}\nToday Date: {today}\n\n{system?.Text.Trim()}"));
        }
        else if (system is not null)
        {
            ids.AddRange(Turn(system));
        }

        return ids;
    }

    protected override List<int> Turn(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Header(message.Role.Value, message.Text.Trim());
    }

    protected override List<int> AssistantOpening() => RoleHeader("assistant");

    private List<int> Header(string role, string content)
    {
        var ids = RoleHeader(role);
        Tokenizer.EncodePlain(content, ids);
        ids.Add(Tokenizer.RequireSpecial("<|eot_id|>"));
        return ids;
    }

    private List<int> RoleHeader(string role)
    {
        var ids = new List<int> { Tokenizer.RequireSpecial("<|start_header_id|>") };
        Tokenizer.EncodePlain(role, ids);
        ids.Add(Tokenizer.RequireSpecial("<|end_header_id|>"));
        Tokenizer.EncodePlain("\n\n", ids);
        return ids;
    }
}
