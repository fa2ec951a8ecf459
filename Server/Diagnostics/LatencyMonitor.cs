// The latency monitor: for each kind of event (a slow command, a slow expire cycle ...), the
// worst latency of each of its last 160 seconds with one, and its worst ever. cf. latency.c
// (latencyAddSample, analyzeLatencyForEvent, createLatencyReport, latencyCommandGenSparkeline).

using System.Globalization;
using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Diagnostics;

/// <summary>One event's samples: a ring of (unix second, worst milliseconds in that second).</summary>
internal sealed class LatencyTimeSeries
{
    public const int Length = 160; // LATENCY_TS_LEN

    public readonly (long Time, long Latency)[] Samples = new (long, long)[Length];
    public int Next;
    public long Max;

    public (long Time, long Latency) Latest => Samples[(Next + Length - 1) % Length];

    /// <summary>The samples oldest first, skipping empty slots.</summary>
    public IEnumerable<(long Time, long Latency)> Chronological()
    {
        for (int j = 0; j < Length; j++)
        {
            var sample = Samples[(Next + j) % Length];
            if (sample.Time != 0) yield return sample;
        }
    }
}

internal sealed class LatencyMonitor
{
    // Insertion order stands for Redis's dict order (which is unspecified).
    private readonly Dictionary<string, LatencyTimeSeries> _events = new();

    public IReadOnlyDictionary<string, LatencyTimeSeries> Events => _events;

    /// <summary>Adds a sample when monitoring is on and it reached the threshold (cf. latencyAddSampleIfNeeded).</summary>
    public void AddSampleIfNeeded(string eventName, long milliseconds, long thresholdMs)
    {
        if (thresholdMs != 0 && milliseconds >= thresholdMs) AddSample(eventName, milliseconds, Clock.UnixMs / 1000);
    }

    /// <summary>
    /// Records a latency for the event at <paramref name="now"/>: a second keeps only its worst
    /// sample, so a burst of slow commands is one entry (cf. latencyAddSample).
    /// </summary>
    public void AddSample(string eventName, long milliseconds, long now)
    {
        if (!_events.TryGetValue(eventName, out var series)) _events[eventName] = series = new LatencyTimeSeries();
        if (milliseconds > series.Max) series.Max = milliseconds;
        int previous = (series.Next + LatencyTimeSeries.Length - 1) % LatencyTimeSeries.Length;
        if (series.Samples[previous].Time == now)
        {
            if (milliseconds > series.Samples[previous].Latency) series.Samples[previous].Latency = milliseconds;
            return;
        }
        series.Samples[series.Next] = (now, milliseconds);
        series.Next = (series.Next + 1) % LatencyTimeSeries.Length;
    }

    /// <summary>Forgets one event (its name ignoring case), or every event when null; returns how many.</summary>
    public int Reset(string? eventName)
    {
        if (eventName is null)
        {
            int all = _events.Count;
            _events.Clear();
            return all;
        }
        int resets = 0;
        foreach (var name in _events.Keys.ToList())
        {
            if (string.Equals(name, eventName, StringComparison.OrdinalIgnoreCase))
            {
                _events.Remove(name);
                resets++;
            }
        }
        return resets;
    }

    /// <summary>LATENCY GRAPH: the header, a rule, and the samples as a sparkline labelled by their age.</summary>
    public static string Graph(string eventName, LatencyTimeSeries series, long now)
    {
        var samples = new List<(double, string)>();
        long min = 0, max = 0;
        foreach (var (time, latency) in series.Chronological())
        {
            if (samples.Count == 0) min = max = latency;
            else
            {
                if (latency > max) max = latency;
                if (latency < min) min = latency;
            }
            long elapsed = now - time;
            string label = elapsed < 60 ? $"{elapsed}s" : elapsed < 3600 ? $"{elapsed / 60}m"
                : elapsed < 86400 ? $"{elapsed / 3600}h" : $"{elapsed / 86400}d";
            samples.Add((latency, label));
        }
        var graph = new StringBuilder();
        graph.Append(CultureInfo.InvariantCulture, $"{eventName} - high {max} ms, low {min} ms (all time high {series.Max} ms)\n");
        graph.Append('-', 80).Append('\n');
        Sparkline.Render(graph, samples, 80, 4);
        return graph.ToString();
    }

    /// <summary>Settings the doctor's advice depends on.</summary>
    public readonly record struct DoctorContext(long ThresholdMs, long SlowlogLogSlowerThan, int Hz, long AnonHugePagesBytes, long Now);

    /// <summary>LATENCY DOCTOR: each event's statistics, then advice for the kinds of events seen (cf. createLatencyReport).</summary>
    public string Doctor(DoctorContext context)
    {
        if (_events.Count == 0 && context.ThresholdMs == 0)
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";

        var report = new StringBuilder();
        bool slowlogEnabled = false, slowlogTuning = false, slowlogInspect = false, scheduler = false, hz = false, largeObjects = false;
        int advices = 0, eventNumber = 0;
        foreach (var (name, series) in _events)
        {
            eventNumber++;
            if (eventNumber == 1)
                report.Append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            var (samples, average, deviation, period) = Analyze(series, context.Now);
            report.Append(CultureInfo.InvariantCulture,
                $"{eventNumber}. {name}: {samples} latency spikes (average {average}ms, mean deviation {deviation}ms, period {((double)period / samples).ToString("F2", CultureInfo.InvariantCulture)} sec). Worst all time event {series.Max}ms.");
            if (name.Equals("command", StringComparison.OrdinalIgnoreCase))
            {
                if (context.SlowlogLogSlowerThan < 0)
                {
                    slowlogEnabled = true;
                    advices++;
                }
                else if (context.SlowlogLogSlowerThan / 1000 > context.ThresholdMs)
                {
                    slowlogTuning = true;
                    advices++;
                }
                slowlogInspect = largeObjects = true;
                advices += 2;
            }
            if (name.Equals("fast-command", StringComparison.OrdinalIgnoreCase))
            {
                scheduler = true;
                advices++;
            }
            if (name.Equals("expire-cycle", StringComparison.OrdinalIgnoreCase))
            {
                hz = largeObjects = true;
                advices += 2;
            }
            report.Append('\n');
        }
        bool disableThp = context.AnonHugePagesBytes > 0;
        if (disableThp) advices++;

        if (eventNumber == 0 && advices == 0)
        {
            report.Append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
            return report.ToString();
        }
        if (eventNumber > 0 && advices == 0)
        {
            report.Append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n");
            return report.ToString();
        }
        report.Append("\nI have a few advices for you:\n\n");
        long suggested = context.ThresholdMs * 1000;
        if (slowlogEnabled)
            report.Append(CultureInfo.InvariantCulture, $"- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than {suggested}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
        if (slowlogTuning)
            report.Append(CultureInfo.InvariantCulture, $"- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than {suggested}'.\n");
        if (slowlogInspect)
            report.Append("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
        if (scheduler)
            report.Append("- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n"
                + "  1) Lower the system load.\n"
                + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
                + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n");
        if (hz && context.Hz < 100)
            report.Append("- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
        if (largeObjects)
            report.Append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n");
        if (disableThp)
            report.Append("- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n");
        return report.ToString();
    }

    /// <summary>Sample count, average, mean absolute deviation and the seconds since the oldest sample (cf. analyzeLatencyForEvent).</summary>
    private static (int Samples, long Average, long Deviation, long Period) Analyze(LatencyTimeSeries series, long now)
    {
        int samples = 0;
        long sum = 0, oldest = 0;
        foreach (var (time, latency) in series.Samples)
        {
            if (time == 0) continue;
            samples++;
            sum += latency;
            if (oldest == 0 || time < oldest) oldest = time;
        }
        if (samples == 0) return (0, 0, 0, 0);
        long average = sum / samples;
        long period = Math.Max(1, now - oldest);
        long deviations = 0;
        foreach (var (time, latency) in series.Samples)
        {
            if (time != 0) deviations += Math.Abs(average - latency);
        }
        return (samples, average, deviations / samples, period);
    }

    /// <summary>AnonHugePages of this process in bytes, from /proc (0 where that cannot be read). cf. THPGetAnonHugePagesSize.</summary>
    public static long AnonHugePagesBytes()
    {
        try
        {
            long kb = 0;
            foreach (var line in File.ReadLines("/proc/self/smaps_rollup"))
            {
                if (!line.StartsWith("AnonHugePages:", StringComparison.Ordinal)) continue;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out long value)) kb += value;
            }
            return kb * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
