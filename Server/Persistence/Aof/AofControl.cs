// Turning the AOF on and off: at start-up (load, then append), by CONFIG SET appendonly, and at
// shutdown; the rewrite itself is Persistence/AofRewriter.cs. cf. loadDataFromDisk and aofOpenIfNeededOnServerStart in server.c/aof.c, startAppendOnly
// and stopAppendOnly in aof.c.

using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Persistence.Aof;

internal static class AofControl
{
    /// <summary>
    /// At start-up, with appendonly yes: loads the AOF (it wins over any RDB file, as in Redis), then
    /// opens its last incr file for appending, creating the files if there were none. False when the
    /// server must not start (the reason is logged). Also lets CONFIG SET appendonly act from now on.
    /// </summary>
    public static bool StartUp(RedisServer server)
    {
        server.Config.AppendOnlyChanged = on => on ? TurnOn(server) : TurnOff(server);
        server.Config.AofAutoGcChanged = () => server.AofRewriter.DeleteHistoryFiles();
        if (!server.Config.AppendOnly) return true;
        var result = AofLoader.Load(server, out var manifest);
        if (result == AofLoadResult.Failed) return false;
        var aof = AppendOnlyFile.Open(server, result == AofLoadResult.Loaded ? manifest : null, out string error);
        if (aof is null)
        {
            Log.Warning($"Can't open the append-only file: {error}");
            return false;
        }
        Attach(server, aof);
        server.AofRewriter.DeleteHistoryFiles(); // history left by a rewrite that ended just before a crash (cf. aofDelHistoryFiles in main)
        return true;
    }

    /// <summary>Makes <paramref name="aof"/> the server's AOF: it receives the write stream from now on.</summary>
    internal static void Attach(RedisServer server, AppendOnlyFile aof)
    {
        server.Aof = aof;
        server.Propagation.Subscribe(aof);
    }

    /// <summary>Stops the write stream to <paramref name="aof"/>, writes and fsyncs what it holds, and closes it.</summary>
    internal static void Detach(RedisServer server, AppendOnlyFile aof)
    {
        server.Propagation.Unsubscribe(aof);
        aof.Dispose();
        if (server.Aof == aof) server.Aof = null;
    }

    /// <summary>
    /// CONFIG SET appendonly yes: as startAppendOnly, a background rewrite writes the dataset as the
    /// first base (see <see cref="AofRewriter.TurnOn"/>); the AOF is on once it succeeds.
    /// </summary>
    private static string? TurnOn(RedisServer server) =>
        server.AofRewriter.TurnOn() ? null : "Unable to turn on AOF. Check server logs.";

    /// <summary>CONFIG SET appendonly no: a rewrite in progress is abandoned; what is buffered is written and fsynced, and the file is closed.</summary>
    private static string? TurnOff(RedisServer server)
    {
        server.AofRewriter.TurnOff();
        if (server.Aof is { } aof) Detach(server, aof);
        return null;
    }

    /// <summary>
    /// A replica has swapped in a full sync's dataset: the AOF on disk holds the old data, so it is
    /// closed and started again, which writes the new dataset as its first base (cf. stopAppendOnly
    /// before the load and restartAOFAfterSYNC in replication.c). Nothing to do with appendonly no.
    /// </summary>
    public static void RestartAfterSync(RedisServer server)
    {
        if (!server.Config.AppendOnly) return;
        TurnOff(server);
        if (TurnOn(server) is not null) Log.Warning("Failed enabling the AOF after successful master synchronization!");
    }

    /// <summary>At shutdown: a rewrite in progress is abandoned, and the last writes reach the disk before the process exits.</summary>
    public static void ShutDown(RedisServer server)
    {
        if (server.AofRewriter.InProgress) Log.Warning("There is a child rewriting the AOF. Killing it!");
        TurnOff(server);
    }
}
