using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Data.Conversations;
using Platform.Data.Feedback;
using Platform.Data.Widget;
using Platform.Data.Sqlite;

namespace Platform.Data;

public static class DependencyInjection
{
    /// <summary>The assembly that holds the SQLite migrations (<c>migrations/Platform.Migrations.Sqlite</c>).</summary>
    public const string SqliteMigrationsAssembly = "Platform.Migrations.Sqlite";

    public static IHostApplicationBuilder AddPlatformData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var contentRoot = builder.Environment.ContentRootPath;

        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SqlitePragmaInterceptor>();
        builder.Services.AddDbContextFactory<PlatformDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseSqlite(
                    SqliteConnectionStrings.Resolve(database.ConnectionString, contentRoot),
                    sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(services.GetRequiredService<SqlitePragmaInterceptor>());
        });
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddSingleton<HandoffStore>();
        builder.Services.AddSingleton<Analytics.TranscriptSearch>();
        builder.Services.AddSingleton<Analytics.ConversationAnalytics>();
        builder.Services.AddSingleton<Training.TrainingExampleStore>();
        builder.Services.AddSingleton<Export.TranscriptExportReader>();
        builder.Services.AddSingleton<Models.ModelVersionStore>();
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<WidgetSettingsStore>();
        return builder;
    }
}
