// A high dynamic range histogram of command latencies, in nanoseconds, with Redis's shape:
// values 1 ns .. 1 s kept to 2 significant digits. cf. hdr_histogram.c (hdr_init, hdr_record_value,
// hdr_value_at_percentile, the logarithmic iterator) as used by latency-tracking in server.c.

using System.Numerics;

namespace EventLoopRedis.Diagnostics;

/// <summary>
/// Counts of values in buckets whose width doubles every 128 sub-buckets: values below 256 are
/// exact, and above that every value is kept within 1/128 (under 1%) of itself, as HdrHistogram
/// with 2 significant figures does. The layout (256 sub-buckets, 23 buckets, 3,072 counters) is
/// HdrHistogram's for lowest 1 and highest 1,000,000,000, so percentiles and the bucket edges
/// LATENCY HISTOGRAM reports are the numbers Redis reports for the same durations.
/// </summary>
internal sealed class HdrHistogram
{
    public const long LowestValue = 1;              // LATENCY_HISTOGRAM_MIN_VALUE (ns)
    public const long HighestValue = 1_000_000_000; // LATENCY_HISTOGRAM_MAX_VALUE (ns)

    private const int SubBucketCount = 256;         // 2 significant digits: 2 * 10^2 rounded up to a power of two
    private const int SubBucketHalfCountMagnitude = 7;
    private const int SubBucketHalfCount = SubBucketCount / 2;
    private const long SubBucketMask = SubBucketCount - 1;
    private const int BucketCount = 23;             // until 256 << 22 passes HighestValue

    private readonly long[] _counts = new long[(BucketCount + 1) * SubBucketHalfCount];

    public long TotalCount { get; private set; }

    /// <summary>Records one value, first clamped into [<see cref="LowestValue"/>, <see cref="HighestValue"/>] as Redis does.</summary>
    public void Record(long nanoseconds)
    {
        long value = Math.Clamp(nanoseconds, LowestValue, HighestValue);
        _counts[CountsIndexFor(value)]++;
        TotalCount++;
    }

    /// <summary>The highest value equivalent to the one at <paramref name="percentile"/> (cf. hdr_value_at_percentile).</summary>
    public long ValueAtPercentile(double percentile)
    {
        double requested = Math.Min(percentile, 100.0);
        long countAtPercentile = Math.Max(1, (long)(requested / 100 * TotalCount + 0.5));
        long total = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            total += _counts[i];
            if (total >= countAtPercentile) return HighestEquivalentValue(ValueAtIndex(i));
        }
        return 0;
    }

    /// <summary>
    /// The cumulative distribution at logarithmic steps, as HdrHistogram's log iterator walks it
    /// with a first step of 1024 ns doubling each time: for each step, its edge (the highest
    /// value equivalent to the step) and how many values are at most that edge. Steps where the
    /// count did not grow are left out, as LATENCY HISTOGRAM leaves them out (cf. fillCommandCDF).
    /// </summary>
    public List<(long EdgeNanoseconds, long CumulativeCount)> CumulativeDistribution()
    {
        var steps = new List<(long, long)>();
        long level = 1024, cumulative = 0, previous = 0;
        int index = -1;
        long valueAtIndex = 0;
        while (cumulative < TotalCount || (index + 1 < _counts.Length && ValueAtIndex(index + 1) > level))
        {
            // Walk the counters until the value reaches the step, then report the step.
            bool reached = false;
            while (true)
            {
                if (valueAtIndex >= level)
                {
                    reached = true;
                    break;
                }
                if (index + 1 >= _counts.Length) break;
                index++;
                cumulative += _counts[index];
                valueAtIndex = ValueAtIndex(index);
            }
            if (!reached) break;
            if (cumulative > previous) steps.Add((HighestEquivalentValue(level), cumulative));
            previous = cumulative;
            level *= 2;
        }
        return steps;
    }

    private static int BucketIndex(long value) =>
        64 - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask)) - (SubBucketHalfCountMagnitude + 1);

    private static int CountsIndexFor(long value)
    {
        int bucket = BucketIndex(value);
        int subBucket = (int)(value >> bucket);
        return ((bucket + 1) << SubBucketHalfCountMagnitude) + (subBucket - SubBucketHalfCount);
    }

    private static long ValueAtIndex(int index)
    {
        int bucket = (index >> SubBucketHalfCountMagnitude) - 1;
        int subBucket = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucket < 0)
        {
            subBucket -= SubBucketHalfCount;
            bucket = 0;
        }
        return (long)subBucket << bucket;
    }

    /// <summary>The largest value counted in the same counter as <paramref name="value"/>.</summary>
    public static long HighestEquivalentValue(long value)
    {
        int bucket = BucketIndex(value);
        long subBucket = value >> bucket;
        int adjustedBucket = subBucket >= SubBucketCount ? bucket + 1 : bucket;
        long lowest = subBucket << bucket;
        return lowest + (1L << adjustedBucket) - 1;
    }
}
