using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Platform.Inference.Generation;
using Platform.Inference.Loading;

namespace Platform.Inference;

/// <summary>
/// The local model as a Microsoft.Extensions.AI <see cref="IChatClient"/>: renders the chat template, streams the
/// engine's tokens as text (expanding the template's sentence markers), honours stop sequences and cancellation, and
/// reports token counts and whether the model asked for a person.
/// </summary>
public sealed class LocalChatClient(LocalModelHost host) : IChatClient
{
    /// <summary>Set to true on the final update when the model emitted its hand-off token.</summary>
    public const string HandoffRequestedKey = "platform.handoff_requested";

    /// <summary>Repetition penalty, read from <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public const string RepetitionPenaltyKey = "repetition_penalty";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // The lease keeps this reply's model alive through a swap to another version; it ends with the stream.
        using var lease = host.Acquire() ?? throw new ModelUnavailableException(host.LoadError ?? "No local model is configured (Platform:Model:Path).");
        var model = lease.Model;
        var settings = Settings(model, options);
        var plan = model.Template.Render([.. messages], model.Engine.MaxLength - settings.MaxNewTokens);
        settings = settings with { StopTokenIds = plan.StopTokenIds };
        var responseId = Guid.NewGuid().ToString("N");
        var stops = options?.StopSequences?.Where(s => s.Length > 0).ToArray() ?? [];
        var holdBack = stops.Length == 0 ? 0 : stops.Max(s => s.Length) - 1;

        var text = new StringBuilder();
        var emitted = 0;
        var run = new List<int>();
        var runEmitted = 0;
        var completionTokens = 0;
        var handoff = false;
        var stoppedBySequence = false;

        // A reply never needs the same sentence twice: knowledge bases repeat entries, and an entry quoted whole
        // already holds the sentences the model may cite next.
        var quoted = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var token in model.Engine.GenerateAsync(plan.InputIds, settings, cancellationToken))
        {
            completionTokens++;
            if (plan.WholeEntries?.TryGetValue(token, out var entry) == true)
            {
                run.Clear();
                runEmitted = 0;
                foreach (var sentence in entry.Sentences)
                {
                    if (quoted.Add(sentence))
                    {
                        text.Append(sentence);
                    }
                }
            }
            else if (plan.Expansions.TryGetValue(token, out var expansion))
            {
                run.Clear();
                runEmitted = 0;
                if (quoted.Add(expansion))
                {
                    text.Append(expansion);
                }
            }
            else if (token == plan.HandoffTokenId)
            {
                handoff = true;
            }
            else if (model.Tokenizer.IsSpecial(token))
            {
                run.Clear();
                runEmitted = 0;
            }
            else
            {
                run.Add(token);
                var decoded = model.Tokenizer.Decode(run);

                // A byte-level token can end inside a multi-byte character; wait for the rest of it.
                if (decoded.EndsWith('\uFFFD'))
                {
                    continue;
                }

                text.Append(decoded, runEmitted, decoded.Length - runEmitted);
                runEmitted = decoded.Length;
            }

            if (stops.Length > 0 && FindStop(text, stops) is var cut and >= 0)
            {
                text.Length = cut;
                stoppedBySequence = true;
            }

            var ready = stoppedBySequence ? text.Length : text.Length - holdBack;
            if (ready > emitted)
            {
                yield return Update(model, responseId, text.ToString(emitted, ready - emitted));
                emitted = ready;
            }

            if (stoppedBySequence)
            {
                break;
            }
        }

        if (text.Length > emitted)
        {
            yield return Update(model, responseId, text.ToString(emitted, text.Length - emitted));
        }

        var finish = stoppedBySequence || completionTokens < settings.MaxNewTokens ? ChatFinishReason.Stop : ChatFinishReason.Length;
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails
        {
            InputTokenCount = plan.InputIds.Count,
            OutputTokenCount = completionTokens,
            TotalTokenCount = plan.InputIds.Count + completionTokens,
        })])
        {
            ResponseId = responseId,
            ModelId = model.Name,
            FinishReason = finish,
            AdditionalProperties = new AdditionalPropertiesDictionary { [HandoffRequestedKey] = handoff },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("onnxruntime", defaultModelId: host.Model?.Name)
            : serviceType == typeof(LocalModelHost) ? host
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    private static ChatResponseUpdate Update(LocalModel model, string responseId, string delta) =>
        new(ChatRole.Assistant, delta) { ResponseId = responseId, ModelId = model.Name };

    private static int FindStop(StringBuilder text, string[] stops)
    {
        var value = text.ToString();
        var best = -1;
        foreach (var stop in stops)
        {
            var at = value.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return best;
    }

    private SamplingSettings Settings(LocalModel model, ChatOptions? options)
    {
        var defaults = model.Defaults;
        var sample = defaults.DoSample;
        var penalty = options?.AdditionalProperties?.TryGetValue(RepetitionPenaltyKey, out var p) == true ? Convert.ToSingle(p, System.Globalization.CultureInfo.InvariantCulture) : defaults.RepetitionPenalty ?? 1f;
        return new SamplingSettings
        {
            Temperature = options?.Temperature ?? (sample ? defaults.Temperature ?? 1f : 0f),
            TopK = options?.TopK ?? defaults.TopK ?? 0,
            TopP = options?.TopP ?? defaults.TopP ?? 1f,
            RepetitionPenalty = penalty,
            MaxNewTokens = Math.Min(options?.MaxOutputTokens ?? defaults.MaxNewTokens ?? host.Options.DefaultMaxNewTokens, model.Engine.MaxLength / 2),
            Seed = options?.Seed is { } seed ? (int)seed : null,
        };
    }
}
