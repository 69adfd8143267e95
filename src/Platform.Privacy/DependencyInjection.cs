using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.Privacy;

public static class DependencyInjection
{
    public static IServiceCollection AddPlatformPrivacy(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IPiiRedactor, PiiRedactor>();
        return services;
    }
}
