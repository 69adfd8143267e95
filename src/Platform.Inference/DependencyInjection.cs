using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Inference.Embeddings;

namespace Platform.Inference;

public static class DependencyInjection
{
    /// <summary>
    /// Binds the model settings, loads the model named by <c>Platform:Model:Path</c> at start-up, and registers
    /// <see cref="LocalChatClient"/>. The composition decides whether it is the <see cref="Microsoft.Extensions.AI.IChatClient"/>
    /// (<see cref="LocalModelHost.IsConfigured"/>), since configuration is only final once the host is built.
    /// Also loads the embedding model named by <c>Platform:Embeddings:Path</c>, when there is one, as the optional
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (see <see cref="EmbeddingModelHost"/>).
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

        // The dense retrieval path's encoder. Whether there is one is only known once configuration is final and the
        // folder has been tried, so the generator resolves to null (GetService) when Platform:Embeddings:Path is empty
        // or the folder failed to load; EmbeddingModelHost.LoadError says why.
        builder.Services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<EmbeddingModelHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EmbeddingModelHost>());
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(services => services.GetRequiredService<EmbeddingModelHost>().Generator!);

        return builder;
    }
}
