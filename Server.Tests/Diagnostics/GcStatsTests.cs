// Tests for GcStats: the cron's sampling of garbage-collection pauses (INFO memory's gc_pause_max_ms,
// LATENCY's "gc" event).

using EventLoopRedis.Diagnostics;

namespace EventLoopRedis.Tests.Diagnostics;

public class GcStatsTests
{
    [Test]
    public void ASampleAfterACollectionRecordsItsPause()
    {
        var stats = new GcStats();
        var latency = new LatencyMonitor();
        stats.Sample(latency, 0);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var last = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        stats.Sample(latency, 0);
        Assert.That(stats.MaxPauseMilliseconds, Is.GreaterThan(0));
        Assert.That(stats.MaxPauseMilliseconds, Is.GreaterThanOrEqualTo(last.PauseDurations[0].TotalMilliseconds));
        Assert.That(latency.Events, Is.Empty, "the latency monitor is off at threshold 0");
    }

    [Test]
    public void APauseAtTheThresholdBecomesALatencyEvent()
    {
        var stats = new GcStats();
        var latency = new LatencyMonitor();
        stats.Sample(latency, 1);
        // A million live objects to mark and move: a compacting full collection of them takes milliseconds.
        var live = new object[1_000_000];
        for (int i = 0; i < live.Length; i++) live[i] = new byte[8];
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        stats.Sample(latency, 1);
        GC.KeepAlive(live);
        Assert.That(stats.MaxPauseMilliseconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(latency.Events.ContainsKey("gc"), Is.True);
        Assert.That(latency.Events["gc"].Max, Is.GreaterThanOrEqualTo(1));
    }
}
