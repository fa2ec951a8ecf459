// Tests for GcStats: the cron's sampling of the longest garbage-collection pause (INFO memory's gc_pause_max_ms).

using EventLoopRedis.Diagnostics;

namespace EventLoopRedis.Tests.Diagnostics;

public class GcStatsTests
{
    [Test]
    public void ASampleAfterACollectionRecordsItsPause()
    {
        var stats = new GcStats();
        stats.Sample();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var last = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        stats.Sample();
        Assert.That(stats.MaxPauseMilliseconds, Is.GreaterThan(0));
        Assert.That(stats.MaxPauseMilliseconds, Is.GreaterThanOrEqualTo(last.PauseDurations[0].TotalMilliseconds));
    }
}
