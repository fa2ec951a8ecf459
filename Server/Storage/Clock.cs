// Wall-clock time in Unix milliseconds, as expiry uses it.
// cf. mstime() and commandTimeSnapshot() in server.c.

namespace EventLoopRedis.Storage;

internal static class Clock
{
    /// <summary>Now, in milliseconds since the Unix epoch.</summary>
    public static long UnixMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Now, in microseconds since the Unix epoch (TIME, INFO).</summary>
    public static long UnixUs => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
