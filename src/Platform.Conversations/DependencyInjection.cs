using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Conversations.Prompting;
using Platform.Conversations.Replies;

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
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GroundedPromptRenderer>();
        builder.Services.AddSingleton<ExtractiveChatClient>();

        // A local model registers its own IChatClient first; without one the extractive answerer serves.
        builder.Services.TryAddSingleton<IChatClient>(services => services.GetRequiredService<ExtractiveChatClient>());
        builder.Services.AddSingleton<ConversationService>();
        return builder;
    }
}
