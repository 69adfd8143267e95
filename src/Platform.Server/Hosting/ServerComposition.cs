using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;
using Platform.Data.Identity;
using Platform.Data;
using Platform.Server.Admin;
using Platform.Server.Agents;
using Platform.Server.Auth;
using Platform.Server.Chat;
using Platform.Server.Conversations;
using Platform.Server.Health;
using Platform.Server.Knowledge;
using Platform.Server.OpenAi;
using Platform.Server.Training;
using Platform.Server.ScaleOut;
using Platform.Server.Widget;

namespace Platform.Server.Hosting;

/// <summary>The host's own wiring: auth, hubs, endpoints, health and the web UI.</summary>
internal static partial class ServerComposition
{
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddPlatformServer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ServerOptions>()
            .BindConfiguration(ServerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddDataProtection().SetApplicationName("Platform");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<ServerOptions>, IHostEnvironment, ILoggerFactory>((keys, server, environment, loggers) =>
            {
                // Persisted keys keep visitor tokens valid across restarts.
                var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, server.Value.KeysPath));
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(folder), loggers);
            });

        services.AddSingleton<VisitorTokens>();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        services.AddSingleton<AdminApiKey>();
        services.AddAuthentication(VisitorAuthentication.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, VisitorAuthenticationHandler>(VisitorAuthentication.Scheme, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AdminAuthenticationHandler>(AdminAuthentication.Scheme, null)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer => bearer.Events = new Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenEvents
            {
                // Browsers cannot set headers on WebSockets: the agent hub takes the token from the query, as SignalR sends it.
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.StartsWithSegments(AgentHubContract.Route) && context.Request.Query["access_token"] is { Count: > 0 } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
            });

        // Agents and admins: Identity on the platform's database, with lockout; sign-in hands out bearer tokens.
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName).ValidateDataAnnotations()
            .Validate(bootstrap => bootstrap.IsValid, "Platform:Bootstrap:AdminEmail is not a valid email address.").ValidateOnStart();
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddIdentityCore<PlatformUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SignInLimitOptions>>((identity, signIn) =>
        {
            identity.User.RequireUniqueEmail = true;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = signIn.Value.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(signIn.Value.LockoutMinutes);
        });
        services.AddHostedService<StaffBootstrapper>();

        services.AddAuthorizationBuilder()
            .AddPolicy(VisitorAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(VisitorAuthentication.Scheme)
                .RequireClaim(VisitorAuthentication.VisitorIdClaim))
            .AddPolicy(AdminAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.Scheme, IdentityConstants.BearerScheme)
                .RequireRole(PlatformRoles.Admin)
                .AddRequirements(new ActiveAccountRequirement()))
            .AddPolicy(StaffAuthentication.AgentPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireRole(PlatformRoles.Agent, PlatformRoles.Admin)
                .AddRequirements(new ActiveAccountRequirement()));
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ActiveAccountHandler>();

        // Malformed JSON and oversized bodies throw, so ProblemMapping can say what was wrong instead of a bare 400.
        services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddSingleton<VisitorRateLimiter>();
        services.AddSingleton<ReplyQueue>();
        services.AddSingleton<AgentDesk>();
        services.AddSingleton<Platform.Conversations.Handoffs.IHandoffEvents>(sp => sp.GetRequiredService<AgentDesk>());
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName);
        services.AddOptions<OpenAi.ModelServingOptions>().BindConfiguration(OpenAi.ModelServingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AgentPresence>();
        services.AddHostedService<ReplyWorker>();
        services.AddMemoryCache();
        services.AddOptions<WidgetOptions>().BindConfiguration(WidgetOptions.SectionName);
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<WidgetOptions>>((cors, widget) =>
            cors.AddPolicy(WidgetOptions.CorsPolicy, policy =>
            {
                // No AllowCredentials: visitor tokens are bearer tokens, so a foreign page gets nothing a cookie would give it.
                var origins = widget.Value.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray();
                _ = origins.Length == 0 ? policy.AllowAnyOrigin() : policy.WithOrigins(origins);
                policy.AllowAnyHeader().AllowAnyMethod();
            }));
        var signalR = services.AddSignalR(hub =>
        {
            hub.MaximumReceiveMessageSize = 64 * 1024;
            hub.AddFilter<DomainExceptionHubFilter>();
        });
        services.AddRedisScaleOut(signalR);

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<KnowledgeHealthCheck>("knowledge-base", tags: [ReadyTag])
            .AddCheck<ModelHealthCheck>("model", tags: [ReadyTag])
            .AddCheck<EmbeddingModelHealthCheck>("embedding-model", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapPlatformServer(this WebApplication app)
    {
        // Made now rather than at the first admin request, so a generated key is on disk (and logged) at start-up.
        app.Services.GetRequiredService<AdminApiKey>();

        app.UseExceptionHandler();
        app.UseStatusCodePages();

        var web = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.WebRoot;
        var webRoot = Path.GetFullPath(Path.Combine(app.Environment.ContentRootPath, web));
        if (Directory.Exists(webRoot))
        {
            var files = new PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = static context =>
                {
                    // Vite fingerprints everything under assets/; pages and widget.js keep their names, so browsers revalidate them.
                    var immutable = context.Context.Request.Path.StartsWithSegments("/assets");
                    context.Context.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
                },
            });
        }
        else
        {
            LogWebNotBuilt(app.Logger, webRoot);
        }

        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/v1/conversations").MapConversationEndpoints().RequireCors(WidgetOptions.CorsPolicy);
        app.MapGroup("/api/v1/sources").MapSourceEndpoints();
        app.MapGroup("/api/v1/widget").MapWidgetSettingsEndpoints();
        app.MapGroup("/api/v1/knowledge-bases").MapKnowledgeBaseEndpoints().RequireAuthorization(AdminAuthentication.Policy);
        app.MapGroup("/api/v1/auth").MapAuthEndpoints();
        app.MapGroup("/api/v1/agents").MapAgentAccountEndpoints().RequireAuthorization(AdminAuthentication.Policy);
        app.MapGroup("/api/v1/handoffs").MapHandoffEndpoints().RequireAuthorization(StaffAuthentication.AgentPolicy);
        app.MapGroup("/api/v1/tickets").MapTicketEndpoints().RequireAuthorization(StaffAuthentication.AgentPolicy);
        app.MapGroup(string.Empty).MapAdminEndpoints().MapExportEndpoints().MapModelVersionEndpoints().RequireAuthorization(AdminAuthentication.Policy);
        app.MapGroup("/api/v1/conversations").MapTrainingSignalEndpoints().RequireAuthorization(StaffAuthentication.AgentPolicy);
        app.MapGroup("/api/v1/training-examples").MapTrainingExampleEndpoints().RequireAuthorization(AdminAuthentication.Policy);
        app.MapHub<ChatHub>(ChatHubContract.Route, hub => hub.AllowStatefulReconnects = true).RequireCors(WidgetOptions.CorsPolicy);
        app.MapHub<AgentHub>(AgentHubContract.Route);
        app.MapChatCompletions();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync });
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web front end is not built ({WebRoot} is missing): build src/Platform.Server with Node.js on PATH")]
    private static partial void LogWebNotBuilt(ILogger logger, string webRoot);
}
