using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Inference;

public static class DependencyInjection
{
    /// <summary>
    /// Binds the model settings, loads the model named by <c>Platform:Model:Path</c> at start-up, and registers
    /// <see cref="LocalChatClient"/>. The composition decides whether it is the <see cref="Microsoft.Extensions.AI.IChatClient"/>
    /// (<see cref="LocalModelHost.IsConfigured"/>), since configuration is only final once the host is built.
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
        builder.Services.AddSingleton<LocalChatClient>();

        return builder;
    }
}
