namespace Platform.Server.Agents;

/// <summary>The agent console's settings (section <c>Platform:Agents</c>).</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Platform:Agents";

    /// <summary>Replies agents pick instead of typing; admins edit them in appsettings.json.</summary>
    public List<CannedResponse> CannedResponses { get; set; } = [];
}

public sealed record CannedResponse(string Title, string Text);
