// Periodic housekeeping, run by a timer hz times per second.
// cf. serverCron and databasesCron in server.c, activeExpireCycle in expire.c.

using System.Diagnostics;
using EventLoopRedis.Storage;

namespace EventLoopRedis.EventLoop;

internal sealed class ServerCron(RedisServer server, EventLoop loop)
{
    private int _nextDb;

    /// <summary>One cron tick; returns the milliseconds until the next (1000 / hz).</summary>
    public int Tick()
    {
        var config = server.Config;
        ExpireKeys(config.Hz, config.ActiveExpireEffort);
        if (config.ActiveRehashing)
        {
            foreach (var db in server.Databases) db.ResizeAndRehash();
        }
        long now = Clock.UnixMs;
        server.Stats.SampleOps(now);
        loop.CloseIdleClients(now);
        loop.ShrinkIdleBuffers();
        return 1000 / config.Hz;
    }

    /// <summary>
    /// Active expiry with a time budget: 25% of a cron period (more with a higher
    /// active-expire-effort), shared by the databases in turn, so that a million keys
    /// expiring at once are reclaimed over several ticks instead of stalling the loop.
    /// </summary>
    private void ExpireKeys(int hz, int effort)
    {
        int percent = 25 + 2 * (effort - 1);
        long budgetTicks = Stopwatch.Frequency * percent / 100 / hz;
        long deadline = Stopwatch.GetTimestamp() + budgetTicks;
        var databases = server.Databases;
        for (int i = 0; i < databases.Length; i++)
        {
            var db = databases[_nextDb];
            _nextDb = (_nextDb + 1) % databases.Length;
            db.ActiveExpireCycle(deadline);
            if (Stopwatch.GetTimestamp() >= deadline) break;
        }
    }
}
