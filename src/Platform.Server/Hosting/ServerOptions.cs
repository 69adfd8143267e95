using System.ComponentModel.DataAnnotations;

namespace Platform.Server.Hosting;

/// <summary>Host settings (section <c>Platform:Server</c>).</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Platform:Server";

    /// <summary>The built front end served at <c>/</c> (demo site, <c>/widget.js</c>, <c>/console/</c>); relative to the content root.</summary>
    [Required]
    public string WebRoot { get; set; } = "web/dist";

    /// <summary>Where the keys that sign visitor tokens are kept, so tokens outlive a restart.</summary>
    [Required]
    public string KeysPath { get; set; } = "data/keys";

    [Range(1, 3650)]
    public int VisitorTokenLifetimeDays { get; set; } = 30;

    /// <summary>Messages one visitor may send per minute, over REST and the hub together.</summary>
    [Range(1, 10_000)]
    public int MessagesPerMinute { get; set; } = 30;

    /// <summary>Replies generated at once; further ones wait in the queue. Matches the model's batch size by default, so concurrent replies decode together.</summary>
    [Range(1, 256)]
    public int MaxConcurrentReplies { get; set; } = 16;
}
