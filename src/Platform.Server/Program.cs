using Platform.Conversations;
using Platform.Data;
using Platform.Inference;
using Platform.Knowledge;
using Platform.Server.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = RepositoryRoot.Find(),
});

builder.AddPlatformData();
builder.AddKnowledge();
builder.AddInference();
builder.AddConversations();
builder.AddPlatformServer();

var app = builder.Build();

app.MapPlatformServer();

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
