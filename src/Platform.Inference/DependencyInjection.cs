using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Inference;

public static class DependencyInjection
{
    /// <summary>
    /// Binds the model settings and, when <c>Platform:Model:Path</c> names a folder, loads it at start-up and registers
    /// it as the <see cref="IChatClient"/>. Without a path nothing is registered, and the conversation service's own
    /// extractive answerer serves.
    /// </summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ModelOptions>()
            .BindConfiguration(ModelOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LocalModelHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LocalModelHost>());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{ModelOptions.SectionName}:Path"]))
        {
            builder.Services.AddChatClient(services => new LocalChatClient(services.GetRequiredService<LocalModelHost>()));
        }

        return builder;
    }
}
