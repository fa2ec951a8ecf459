// The garbage collector's figures for INFO memory's gc_* lines: this server's own fields, since a
// .NET heap has collections and pauses where Redis's allocator has none (docs/operations.md).

using System.Runtime;

namespace EventLoopRedis.Diagnostics;

/// <summary>
/// Counts and pause totals come from the runtime when INFO asks. The longest pause is sampled by
/// the cron (<see cref="Sample"/>, hz times a second): it looks at the last collection of each
/// kind (ephemeral, full blocking, background), so of a burst of gen0 collections within one tick
/// it sees only the last; the long ones (gen1, gen2) are rarely missed. Each pause it sees also goes
/// to the latency monitor as the event <c>gc</c>.
/// </summary>
internal sealed class GcStats
{
    private static readonly GCKind[] Kinds = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];

    private readonly long[] _lastIndex = new long[Kinds.Length];
    private int _gen0SeenAt = -1;

    /// <summary>gc_pause_max_ms: the longest single pause of the collections the cron saw.</summary>
    public double MaxPauseMilliseconds { get; private set; }

    /// <summary>The cron's look at the collections since the last tick; cheap when there were none.</summary>
    public void Sample(LatencyMonitor latency, long thresholdMs)
    {
        int gen0 = GC.CollectionCount(0);
        if (gen0 == _gen0SeenAt) return;
        _gen0SeenAt = gen0;
        for (int i = 0; i < Kinds.Length; i++)
        {
            var info = GC.GetGCMemoryInfo(Kinds[i]);
            if (info.Index == _lastIndex[i]) continue;
            _lastIndex[i] = info.Index;
            foreach (var pause in info.PauseDurations)
            {
                MaxPauseMilliseconds = Math.Max(MaxPauseMilliseconds, pause.TotalMilliseconds);
                latency.AddSampleIfNeeded("gc", (long)pause.TotalMilliseconds, thresholdMs);
            }
        }
    }

    /// <summary>The lines INFO memory ends with, as (field, value) pairs.</summary>
    public IEnumerable<(string Field, object Value)> Fields()
    {
        var last = GC.GetGCMemoryInfo();
        yield return ("gc_mode", (GCSettings.IsServerGC ? "server" : "workstation") + (IsConcurrent ? "-concurrent" : ""));
        yield return ("gc_gen0_collections", GC.CollectionCount(0));
        yield return ("gc_gen1_collections", GC.CollectionCount(1));
        yield return ("gc_gen2_collections", GC.CollectionCount(2));
        yield return ("gc_pause_total_ms", (long)GC.GetTotalPauseDuration().TotalMilliseconds);
        yield return ("gc_pause_max_ms", (long)Math.Ceiling(MaxPauseMilliseconds));
        yield return ("gc_pause_time_percent", last.PauseTimePercentage.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        yield return ("gc_heap_size", last.HeapSizeBytes);
        yield return ("gc_heap_committed", last.TotalCommittedBytes);
        yield return ("gc_allocated_bytes", GC.GetTotalAllocatedBytes(precise: false));
    }

    // The runtime's effective setting (runtimeconfig or DOTNET_gcConcurrent), as the GC itself read it.
    private static bool IsConcurrent =>
        GC.GetConfigurationVariables().TryGetValue("ConcurrentGC", out var value) && value is true;
}
