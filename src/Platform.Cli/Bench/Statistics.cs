namespace Platform.Cli.Bench;

internal static class Statistics
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>numerator/denominator where both are positive, else null: how many times faster one side is (rate/rate, or baseline time/our time).</summary>
    public static double? Ratio(double? numerator, double? denominator) =>
        numerator is > 0 && denominator is > 0 ? numerator / denominator : null;

    /// <summary>Nearest-rank percentile, p in [0, 1].</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : Stopwatches.Percentile(sorted, p);
    }
}
