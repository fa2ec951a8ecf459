// Periodic housekeeping, run by a timer hz times per second.
// cf. serverCron and databasesCron in server.c, activeExpireCycle in expire.c.

using System.Diagnostics;
using EventLoopRedis.Storage;

namespace EventLoopRedis.EventLoop;

internal sealed class ServerCron(RedisServer server, EventLoop loop)
{
    // activeExpireCycle's baseline, which active-expire-effort (1-10) raises.
    private const int KeysPerLoop = 20;               // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
    private const int SlowTimePercent = 25;           // ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC
    private const int AcceptableStalePercent = 10;    // ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE
    private const int DbsPerCall = 16;                // CRON_DBS_PER_CALL

    // A full garbage collection is worth its pause once at least this many keys went away, and
    // affordable while at most this many remain (its pause grows with what is still alive: a few
    // tens of milliseconds for 100,000 small keys).
    private const long MinKeysFreedForCollection = 10_000;
    private const long MaxKeysLeftForCollection = 100_000;

    private int _nextDb;
    private bool _expireTimeLimitHit;
    private long _peakKeys;

    /// <summary>One cron tick; returns the milliseconds until the next (1000 / hz).</summary>
    public int Tick()
    {
        Clock.RefreshCoarse();
        var config = server.Config;
        if (server.CronPaused) return 1000 / config.Hz; // DEBUG PAUSE-CRON
        // A pause (CLIENT PAUSE) freezes the dataset: no key expires until it ends, as in Redis.
        // A replica expires nothing itself: its primary sends a DEL for each key that expires there.
        if (server.ActiveExpireEnabled && server.Blocking.Pause == PauseMode.Off && !server.Replication.IsReplica) ExpireKeys(config.Hz, config.ActiveExpireEffort);
        if (config.ActiveRehashing)
        {
            foreach (var db in server.Databases) db.ResizeAndRehash();
        }
        CollectAfterMassDeletion();
        // Also here, so a lowered tracking-table-max-keys applies on an idle server (cf. serverCron).
        if (server.Tracking.ClientCount > 0) server.Tracking.LimitUsedSlots();
        server.AofRewriter.Cron(); // before the save points, as serverCron starts a scheduled rewrite first
        server.Saver.Cron();
        server.Replicas.Cron();
        long now = Clock.UnixMs;
        server.Stats.SampleOps(now);
        server.Gc.Sample(server.Latency, config.LatencyMonitorThreshold);
        server.Stats.RecordUsedMemory(server.Evictor.UsedMemory()); // also measures the values changed since the last tick
        loop.CloseIdleClients(now);
        loop.CoolIdleClients(now);
        server.ClientMemory.UpdateAll(); // after the idle query buffers were given back
        return 1000 / config.Hz;
    }

    /// <summary>
    /// Active expiry with a time budget, as activeExpireCycle's slow cycle: at most 25% of a cron
    /// period (2% more per effort step), spent on up to 16 databases in turn, so a million keys
    /// expiring at once are reclaimed over several ticks instead of stalling the loop. When the
    /// budget ran out last time, every database gets a visit this time.
    /// </summary>
    private void ExpireKeys(int hz, int activeExpireEffort)
    {
        int effort = activeExpireEffort - 1; // 0..9
        int keysPerLoop = KeysPerLoop + KeysPerLoop / 4 * effort;
        int timePercent = SlowTimePercent + 2 * effort;
        int acceptableStale = AcceptableStalePercent - effort;
        long budgetTicks = Math.Max(1, Stopwatch.Frequency * timePercent / 100 / hz);
        long deadline = Stopwatch.GetTimestamp() + budgetTicks;

        long started = Stopwatch.GetTimestamp();
        var databases = server.Databases;
        int visits = _expireTimeLimitHit ? databases.Length : Math.Min(DbsPerCall, databases.Length);
        _expireTimeLimitHit = false;
        for (int i = 0; i < visits && !_expireTimeLimitHit; i++)
        {
            var db = databases[_nextDb];
            _nextDb = (_nextDb + 1) % databases.Length;
            _expireTimeLimitHit = db.ActiveExpireCycle(keysPerLoop, acceptableStale, deadline);
        }
        server.Latency.AddSampleIfNeeded("expire-cycle", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            server.Config.LatencyMonitorThreshold);
    }

    /// <summary>
    /// Gives memory back after a mass deletion (keys expiring together, a big DEL or FLUSHALL).
    /// Those keys have usually lived long enough to reach the oldest GC generation, which the
    /// runtime collects only when new allocations push it to; an idle server would then keep
    /// reporting (and holding) the memory of keys it no longer has. So once the keyspace has
    /// shrunk to half its peak, by at least <see cref="MinKeysFreedForCollection"/> keys, and
    /// active expiry is not in the middle of a burst, the cron asks for one full collection:
    /// the counterpart of Redis purging jemalloc after a flush. The collection is blocking (the
    /// server runs without concurrent GC) and its pause grows with the live data, so it is skipped
    /// when more than <see cref="MaxKeysLeftForCollection"/> keys remain: a big dataset then waits
    /// for the runtime's own schedule rather than stall every client.
    /// </summary>
    private void CollectAfterMassDeletion()
    {
        long keys = 0;
        foreach (var db in server.Databases) keys += db.Count;
        if (keys > _peakKeys)
        {
            _peakKeys = keys;
            return;
        }
        if (_expireTimeLimitHit || _peakKeys - keys < MinKeysFreedForCollection || keys > _peakKeys / 2) return;
        if (keys > MaxKeysLeftForCollection)
        {
            _peakKeys = keys;
            return;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        _peakKeys = keys;
    }
}
