// Turning the AOF on and off: at start-up (load, then append), by CONFIG SET appendonly, and at
// shutdown. cf. loadDataFromDisk and aofOpenIfNeededOnServerStart in server.c/aof.c, startAppendOnly
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
        if (!server.Config.AppendOnly) return true;
        var result = AofLoader.Load(server, out var manifest);
        if (result == AofLoadResult.Failed) return false;
        var aof = AppendOnlyFile.Open(server.Config, result == AofLoadResult.Loaded ? manifest : null, out string error);
        if (aof is null)
        {
            Log.Warning($"Can't open the append-only file: {error}");
            return false;
        }
        Attach(server, aof);
        return true;
    }

    private static void Attach(RedisServer server, AppendOnlyFile aof)
    {
        server.Aof = aof;
        server.Propagation.Subscribe(aof);
    }

    /// <summary>
    /// CONFIG SET appendonly yes. Redis starts with a background rewrite that writes the dataset as
    /// the new base; this server has no AOF rewrite yet, so it turns the AOF on only while there is
    /// nothing to write in a base (no keys, no functions) and refuses otherwise.
    /// </summary>
    private static string? TurnOn(RedisServer server)
    {
        bool empty = server.Scripting.Functions.Current.Libraries.Count == 0;
        foreach (var db in server.Databases) empty &= db.Count == 0;
        if (!empty)
            return "turning the AOF on needs an AOF rewrite of the current dataset, which this server does not implement yet; " +
                "start the server with appendonly yes instead";
        var config = server.Config;
        string directory = AppendOnlyFile.DirectoryOf(config);
        // Files of an earlier AOF in the directory give way to the new one (their data was flushed since).
        var manifestPath = Path.Combine(directory, AofManifest.FileName(config.AppendFilename));
        var next = new AofManifest();
        if (File.Exists(manifestPath) && AofManifest.Parse(File.ReadAllText(manifestPath, System.Text.Encoding.Latin1), out _) is { } old)
        {
            next.IncrSeq = old.IncrSeq;
            foreach (var info in old.Incrs.Concat(old.History).Append(old.Base))
            {
                if (info is not null) File.Delete(Path.Combine(directory, info.Name));
            }
            File.Delete(manifestPath);
        }
        var aof = AppendOnlyFile.Open(config, null, out string error, next.IncrSeq);
        if (aof is null) return $"Can't open the append-only file: {error}";
        Attach(server, aof);
        return null;
    }

    /// <summary>CONFIG SET appendonly no: what is buffered is written and fsynced, and the file is closed.</summary>
    private static string? TurnOff(RedisServer server)
    {
        if (server.Aof is { } aof)
        {
            server.Propagation.Unsubscribe(aof);
            aof.Dispose();
            server.Aof = null;
        }
        return null;
    }

    /// <summary>At shutdown: the last writes reach the disk before the process exits.</summary>
    public static void ShutDown(RedisServer server) => TurnOff(server);
}
