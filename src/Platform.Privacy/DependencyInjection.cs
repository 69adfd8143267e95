using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.Privacy;

public static class DependencyInjection
{
    /// <summary>Registers <see cref="IPiiRedactor"/> as a singleton configured from <c>Platform:Privacy</c>.</summary>
    public static IServiceCollection AddPlatformPrivacy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PrivacyOptions>()
            .BindConfiguration(PrivacyOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IPiiRedactor>(sp => new PiiRedactor(sp.GetRequiredService<IOptions<PrivacyOptions>>().Value));
        return services;
    }
}
