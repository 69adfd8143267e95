using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Inference;

public static class DependencyInjection
{
    /// <summary>
    /// Binds the model settings. The ONNX Runtime engine that registers itself as the <c>IChatClient</c> arrives with
    /// the local-GPT work; until then the conversation service answers extractively behind the same interface.
    /// </summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ModelOptions>()
            .BindConfiguration(ModelOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
