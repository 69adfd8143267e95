namespace Platform.Domain;

/// <summary>
/// How long a node holds work it claimed (an ingestion item it parses, a fine-tuning run it trains) without saying it
/// still does. The holder renews well inside the term; work whose lease ran out belongs to a node that stopped, and
/// any node puts it back (an item) or fails it (a run). Short enough that a crashed node's work resumes within a
/// minute, long enough that a busy node never loses work it is doing.
/// </summary>
public static class Leases
{
    public static readonly TimeSpan Term = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(15);
}
