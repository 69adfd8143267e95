using System.ComponentModel.DataAnnotations;

namespace Platform.Server.ScaleOut;

/// <summary>
/// What the nodes of one deployment share through Redis (section <c>Platform:Redis</c>). Off while
/// <see cref="Configuration"/> is empty: one node keeps all of it in process.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Platform:Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>redis:6379,password=...</c>); empty: a single node.</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>Prefixes every key and channel, so deployments can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Platform:Redis:Prefix must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string Prefix { get; set; } = "platform";

    /// <summary>How long a node's list of connected agents outlives its last refresh: a killed node's agents vanish after it.</summary>
    [Range(3, 600)]
    public int PresenceTtlSeconds { get; set; } = 15;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);
}
