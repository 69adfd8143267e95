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
    public static IHostApplicationBuilder AddPlatformData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SqlitePragmaInterceptor>();
        builder.Services.AddKeyedSingleton<IDatabaseEngine, SqliteEngine>(DatabaseOptions.Sqlite);
        builder.Services.AddKeyedSingleton<IDatabaseEngine, Postgres.PostgresEngine>(DatabaseOptions.Postgres);
        builder.Services.AddDbContextFactory<PlatformDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            services.GetRequiredKeyedService<IDatabaseEngine>(database.Engine).Configure(options, database.ConnectionString);
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
