// Wall-clock time in Unix milliseconds, as expiry uses it, and the coarse clock that
// access times use. cf. mstime(), commandTimeSnapshot() and getLRUClock() in server.c.

namespace EventLoopRedis.Storage;

internal static class Clock
{
    /// <summary>Now, in milliseconds since the Unix epoch.</summary>
    public static long UnixMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Now, in microseconds since the Unix epoch (TIME, INFO).</summary>
    public static long UnixUs => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>
    /// A copy of <see cref="UnixMs"/> refreshed by the cron (hz times a second), for the access
    /// time every lookup records. Like Redis's server.lruclock it trades precision (OBJECT
    /// IDLETIME counts whole seconds anyway) for not reading the clock on every GET.
    /// </summary>
    public static long CoarseUnixMs { get; private set; } = UnixMs;

    public static void RefreshCoarse() => CoarseUnixMs = UnixMs;
}
