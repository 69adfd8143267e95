using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Platform.Conversations.Prompting;
using Platform.Conversations.Replies;
using Platform.Inference;

namespace Platform.Conversations;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ConversationOptions>()
            .BindConfiguration(ConversationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<Handoffs.HandoffOptions>()
            .BindConfiguration(Handoffs.HandoffOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<Handoffs.HandoffPolicy>();
        builder.Services.TryAddSingleton<Handoffs.IAgentAvailability, Handoffs.NoAgentsOnline>();
        builder.Services.TryAddSingleton<Handoffs.IHandoffEvents, Handoffs.NoHandoffEvents>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GroundedPromptRenderer>();
        builder.Services.AddSingleton<ExtractiveChatClient>();

        // An OpenAI-compatible endpoint when one is configured, else the local model when there is one, else the
        // extractive answerer; each sits behind the same interface.
        builder.Services.TryAddSingleton<IChatClient>(services =>
            services.GetRequiredService<IOptions<ModelOptions>>().Value is { Endpoint.Length: > 0 } remote
                ? new ChatClientBuilder(Platform.Inference.Remote.EndpointChatClient.Create(remote)).UseLogging().Build(services)
                : services.GetRequiredService<LocalModelHost>().IsConfigured
                    ? new ChatClientBuilder(services.GetRequiredService<LocalChatClient>()).UseLogging().Build(services)
                    : services.GetRequiredService<ExtractiveChatClient>());

        // Semantic Kernel sees the same model as its chat completion service, so SK prompts and filters run on it.
        builder.Services.AddKernel();
        builder.Services.AddSingleton<IChatCompletionService>(services => services.GetRequiredService<IChatClient>().AsChatCompletionService(services));

        // Local inference is bounded and falls back; it is not retried (a retry would only queue behind the same model).
        builder.Services.AddResiliencePipeline(GroundedReplyGenerator.PipelineName, (pipeline, context) =>
        {
            var settings = context.ServiceProvider.GetRequiredService<IOptions<ConversationOptions>>().Value;
            pipeline
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    FailureRatio = settings.CircuitFailureRatio,
                    MinimumThroughput = 5,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = TimeSpan.FromSeconds(settings.CircuitBreakSeconds),
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException || ex is TimeoutRejectedException),
                })
                .AddTimeout(TimeSpan.FromSeconds(settings.GenerationTimeoutSeconds));
        });
        builder.Services.AddSingleton<GroundedReplyGenerator>();
        builder.Services.AddSingleton<ReplyRouting>();
        builder.Services.AddSingleton<ConversationService>();
        builder.Services.AddSingleton<ReplyPreview>();
        builder.Services.AddOptions<Export.ExportOptions>().BindConfiguration(Export.ExportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        Platform.Privacy.DependencyInjection.AddPlatformPrivacy(builder.Services);
        builder.Services.AddSingleton<Export.TrainingDataExporter>();
        builder.Services.AddOptions<Models.FineTuneOptions>().BindConfiguration(Models.FineTuneOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Models.ModelRollout>();
        builder.Services.AddSingleton<IActiveModelFolder, Models.RegisteredActiveModel>();
        builder.Services.AddSingleton<Models.FineTuneRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Models.FineTuneRunner>());
        return builder;
    }
}
