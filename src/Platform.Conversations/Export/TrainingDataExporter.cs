using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Platform.Data.Export;
using Platform.Domain.Conversations;
using Platform.Domain.Training;
using Platform.Knowledge.Retrieval;
using Platform.Privacy;

namespace Platform.Conversations.Export;

/// <summary>What an export writes: whole conversations, approved examples only, or preference pairs.</summary>
public enum ExportFormat
{
    /// <summary>Every conversation as one chat line; bot replies an agent corrected (and an admin approved) carry the correction.</summary>
    Conversations,

    /// <summary>One chat line per approved training example: the visitor's question and the approved reply.</summary>
    Approved,

    /// <summary><c>{"prompt","chosen","rejected"}</c> per approved correction: the right reply over the bot's.</summary>
    Preferences,
}

/// <summary>Settings of the training-data export (section <c>Platform:Export</c>).</summary>
public sealed class ExportOptions
{
    public const string SectionName = "Platform:Export";

    /// <summary>
    /// The instruction that opens every exported chat's system turn. The default is the recipe's (models/training/template.py
    /// INSTRUCTION), which reads the passage blocks that follow it in approved examples.
    /// </summary>
    [Required]
    [MaxLength(4000)]
    public string SystemPrompt { get; set; } =
        "You are the customer-service assistant. Answer the visitor's question using only the passages below, quoting the relevant sentences. If the passages do not answer it, say so and offer a person.";

    /// <summary>How many retrieved passages an approved example carries in its system turn.</summary>
    [Range(1, 16)]
    public int PassagesPerExample { get; set; } = 3;
}

public sealed record ChatTurn(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);

/// <summary>A line of an export; which properties are set depends on the format.</summary>
public sealed record ExportLine
{
    [JsonPropertyName("messages")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ChatTurn>? Messages { get; init; }

    [JsonPropertyName("prompt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prompt { get; init; }

    [JsonPropertyName("chosen")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Chosen { get; init; }

    [JsonPropertyName("rejected")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rejected { get; init; }

    [JsonPropertyName("metadata")]
    public required IReadOnlyDictionary<string, object?> Metadata { get; init; }
}

/// <summary>
/// Turns the transcript store into fine-tuning data (ARCHITECTURE.md: one chat per JSONL line). Every text that
/// leaves passes through the PII redactor first; agents' internal notes and system notices never leave. Lines come
/// in a fixed order and one page of the store at a time, so an export of any size streams in bounded memory.
/// </summary>
public sealed class TrainingDataExporter(TranscriptExportReader reader, IRetriever retriever, IPiiRedactor redactor, IOptions<ExportOptions> options)
{
    public IAsyncEnumerable<ExportLine> ExportAsync(ExportFormat format, ExportFilter filter, CancellationToken cancellationToken) => format switch
    {
        ExportFormat.Conversations => ConversationsAsync(filter, cancellationToken),
        ExportFormat.Approved => ApprovedAsync(filter, cancellationToken),
        ExportFormat.Preferences => PreferencesAsync(filter, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };

    private async IAsyncEnumerable<ExportLine> ConversationsAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var exported in reader.ReadConversationsAsync(filter, cancellationToken))
        {
            var turns = new List<ChatTurn> { new("system", options.Value.SystemPrompt) };
            var corrected = 0;
            foreach (var message in exported.Messages)
            {
                var (role, text) = message.Role switch
                {
                    MessageRole.Visitor => ("user", message.Text),
                    MessageRole.Agent => ("assistant", message.Text),
                    MessageRole.Bot when exported.ApprovedCorrections.TryGetValue(message.Id, out var correction) => ("assistant", correction.Chosen),
                    MessageRole.Bot => ("assistant", message.Text),
                    _ => (null, null),
                };
                if (role is null || string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                corrected += message.Role == MessageRole.Bot && exported.ApprovedCorrections.ContainsKey(message.Id) ? 1 : 0;
                var content = redactor.RedactText(text);

                // Chat-format readers expect turns to alternate: two messages in a row from one side become one turn.
                if (turns[^1].Role == role)
                {
                    turns[^1] = turns[^1] with { Content = turns[^1].Content + "\n\n" + content };
                }
                else
                {
                    turns.Add(new ChatTurn(role, content));
                }
            }

            if (!turns.Any(t => t.Role == "assistant"))
            {
                continue;
            }

            var conversation = exported.Conversation;
            yield return new ExportLine
            {
                Messages = turns,
                Metadata = new Dictionary<string, object?>
                {
                    ["conversation_id"] = conversation.Id,
                    ["created_at"] = DateTime.SpecifyKind(conversation.CreatedAt, DateTimeKind.Utc),
                    ["knowledge_base_id"] = conversation.KnowledgeBaseId,
                    ["rating"] = conversation.SatisfactionScore,
                    ["handed_off"] = exported.HandedOff,
                    ["corrected_turns"] = corrected,
                },
            };
        }
    }

    private async IAsyncEnumerable<ExportLine> ApprovedAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (example, knowledgeBaseId) in reader.ReadApprovedExamplesAsync(filter, correctionsOnly: false, cancellationToken))
        {
            yield return new ExportLine
            {
                Messages =
                [
                    new ChatTurn("system", await SystemTurnAsync(knowledgeBaseId, example.Question, cancellationToken)),
                    new ChatTurn("user", redactor.RedactText(example.Question)),
                    new ChatTurn("assistant", redactor.RedactText(example.Chosen)),
                ],
                Metadata = Metadata(example),
            };
        }
    }

    private async IAsyncEnumerable<ExportLine> PreferencesAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (example, _) in reader.ReadApprovedExamplesAsync(filter, correctionsOnly: true, cancellationToken))
        {
            yield return new ExportLine
            {
                Prompt = redactor.RedactText(example.Question),
                Chosen = redactor.RedactText(example.Chosen),
                Rejected = redactor.RedactText(example.Rejected ?? string.Empty),
                Metadata = Metadata(example),
            };
        }
    }

    /// <summary>
    /// The instruction and, as the recipe reads them, the passages retrieval finds for the question now: the model is
    /// trained on what it will be shown when a visitor asks the same thing. Passages are the company's documents, not
    /// transcript text, so they are not redacted.
    /// </summary>
    private async Task<string> SystemTurnAsync(Guid? knowledgeBaseId, string question, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (knowledgeBaseId is not { } id)
        {
            return settings.SystemPrompt;
        }

        var retrieval = await retriever.RetrieveAsync(id, question, settings.PassagesPerExample, cancellationToken);
        var blocks = retrieval.Passages.Take(settings.PassagesPerExample).Select((p, i) =>
            $"[{i + 1}] {(string.IsNullOrEmpty(p.HeadingPath) || p.HeadingPath == p.Title ? p.Title : $"{p.Title} > {p.HeadingPath}")}\n{p.Text}\n");
        return settings.SystemPrompt + "\n\n" + string.Join("\n", blocks);
    }

    private static Dictionary<string, object?> Metadata(TrainingExample example) => new()
    {
        ["example_id"] = example.Id,
        ["conversation_id"] = example.ConversationId,
        ["kind"] = example.Kind == TrainingExampleKind.Correction ? "correction" : "agent_reply",
        ["approved_at"] = example.ReviewedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
    };
}
