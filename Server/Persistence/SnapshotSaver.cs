// BGSAVE without fork: a Snapshot into the RDB writer, run a slice per loop cycle by the SnapshotRunner,
// whose bytes a thread writes to disk; keeps the state INFO persistence reports, and checks the save points.
// cf. rdbSaveBackground, backgroundSaveDoneHandlerDisk and killRDBChild in rdb.c, the save points in serverCron.

using System.Buffers;
using System.Diagnostics;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence;

/// <summary>
/// A background save is the <see cref="SnapshotRunner"/>'s job of kind <see cref="SnapshotJobKind.RdbFile"/>
/// (Redis's RDB child): the runner serialises its keys a slice per loop turn, the bytes go to
/// <see cref="SnapshotFile"/>'s thread for writing and fsync, and <see cref="Done"/> hears the outcome.
/// </summary>
internal sealed class SnapshotSaver(RedisServer server)
{
    /// <summary>CONFIG_BGSAVE_RETRY_DELAY: after a failed save, save points wait this long before trying again.</summary>
    private const long RetryDelaySeconds = 5;

    // What this save needs once the runner is done with it: the file's outcome, INFO's progress and times.
    private sealed class Save(Snapshot snapshot, SnapshotFile file, long keysAtStart)
    {
        public readonly Snapshot Snapshot = snapshot;
        public readonly SnapshotFile File = file;
        public readonly long KeysAtStart = keysAtStart;
        public readonly long StartedUnix = Clock.UnixMs / 1000;
    }

    private Save? _save;
    private long _dirtyAtStart;

    /// <summary>rdb_bgsave_in_progress.</summary>
    public bool InProgress => _save is not null;

    /// <summary>Called when a background save ends, with its outcome: replicas waiting for the file (disk-based sync) start receiving it.</summary>
    public Action<bool>? Finished { get; set; }

    /// <summary>BGSAVE SCHEDULE or BGSAVE inside EXEC asked for a save that cron starts (rdb_bgsave_scheduled).</summary>
    public bool Scheduled { get; set; }

    /// <summary>rdb_last_bgsave_status: false after a failed save, until one succeeds.</summary>
    public bool LastStatusOk { get; private set; } = true;

    /// <summary>When a background save was last tried, Unix seconds (lastbgsave_try).</summary>
    public long LastTryUnix { get; private set; }

    /// <summary>rdb_last_bgsave_time_sec: -1 until a background save ended.</summary>
    public long LastDurationSeconds { get; private set; } = -1;

    /// <summary>rdb_saves: saves started, SAVE and BGSAVE alike.</summary>
    public long Saves { get; private set; }

    /// <summary>rdb_last_cow_size: bytes the last successful background save serialised early, because their key was about to change.</summary>
    public long LastCopyOnWriteBytes { get; private set; }

    /// <summary>
    /// MISCONF: writes are refused while the last background save failed, save points exist and
    /// stop-writes-on-bgsave-error is on (cf. writeCommandsDeniedByDiskError).
    /// </summary>
    public bool DeniesWrites => !LastStatusOk && server.Config.StopWritesOnBgsaveError && server.Config.SavePoints.Count > 0;

    /// <summary>
    /// Starts a background save of dir/dbfilename (cf. rdbSaveBackground): takes the snapshot's moment
    /// now, writes the header and functions, and leaves the keys to the loop's turns. False if one runs.
    /// </summary>
    public bool Start()
    {
        if (server.HasActiveChild) return false;
        Saves++;
        _dirtyAtStart = server.Dirty;
        LastTryUnix = Clock.UnixMs / 1000;
        var config = server.Config;
        string temp = Path.Combine(config.Dir, $"temp-bgsave-{Environment.ProcessId}.rdb");
        var file = new SnapshotFile(temp, RdbFile.DefaultPath(server), config.RdbSaveIncrementalFsync);
        var writer = new RdbWriter(file, config.RdbChecksum, config.RdbCompression);
        writer.WriteHeader(server, aofBase: false);
        writer.WriteFunctions(server.Scripting.Functions.Current.Libraries);
        var snapshot = new Snapshot(server.Databases, new RdbSnapshotOutput(writer, config.RdbCompression));
        _save = new Save(snapshot, file, CountKeys(server));
        server.SnapshotRunner.Start(SnapshotJobKind.RdbFile, snapshot, new SnapshotFileTarget(file, writer.WriteEnd), Done);
        Log.Notice($"Background saving started by pid {Environment.ProcessId}");
        return true;
    }

    /// <summary>How much of the current save is done, for INFO: keys written, keys at its start, bytes copied early.</summary>
    public (long Processed, long Total, long CopyOnWriteBytes) Progress =>
        _save is { } save ? (save.Snapshot.KeysWritten, save.KeysAtStart, save.Snapshot.CopyOnWriteBytes) : (0, 0, 0);

    /// <summary>Seconds the current save has run, -1 without one (rdb_current_bgsave_time_sec).</summary>
    public long CurrentDurationSeconds => _save is { } save ? Clock.UnixMs / 1000 - save.StartedUnix : -1;

    /// <summary>Abandons the save in progress, as killRDBChild's SIGUSR1 does: not counted as a failure.</summary>
    public void Abort()
    {
        if (_save is not { } save) return;
        server.SnapshotRunner.Abort();
        _save = null;
        Log.Warning("Background saving terminated by signal 10");
        LastDurationSeconds = Clock.UnixMs / 1000 - save.StartedUnix;
        Finished?.Invoke(false);
    }

    // The runner's call when the file is written, or failed (cf. backgroundSaveDoneHandlerDisk).
    private void Done(bool success)
    {
        var job = _save!;
        _save = null;
        if (job.File.Error is { } error) Log.Warning(error);
        if (success)
        {
            Log.Notice("Background saving terminated with success");
            server.Dirty -= _dirtyAtStart;
            server.LastSaveUnixSeconds = Clock.UnixMs / 1000;
            LastStatusOk = true;
            LastCopyOnWriteBytes = job.Snapshot.CopyOnWriteBytes;
        }
        else
        {
            Log.Warning("Background saving error");
            LastStatusOk = false;
        }
        LastDurationSeconds = Clock.UnixMs / 1000 - job.StartedUnix;
        Finished?.Invoke(success);
    }

    /// <summary>
    /// A synchronous save (SAVE, FLUSHALL's and SHUTDOWN's): the rdb writer's whole-dataset save, with
    /// this state updated as rdbSave does. The caller has checked that no background save runs.
    /// </summary>
    public bool SaveNow()
    {
        Saves++;
        if (!RdbFile.Save(server))
        {
            LastStatusOk = false;
            return false;
        }
        server.Dirty = 0;
        LastStatusOk = true;
        return true;
    }

    /// <summary>
    /// The saving half of finishShutdown: abandons a background save, then saves when asked to
    /// (<paramref name="save"/>) or when save points exist (unless <paramref name="noSave"/>). False
    /// when the save failed and <paramref name="force"/> is off: the server must not exit then.
    /// </summary>
    public bool PrepareForShutdown(bool save, bool noSave, bool force)
    {
        if (_save is not null)
        {
            Log.Warning("There is a child saving an .rdb. Killing it!");
            Abort();
        }
        if (!save && (noSave || server.Config.SavePoints.Count == 0)) return true;
        Log.Notice("Saving the final RDB snapshot before exiting.");
        if (SaveNow()) return true;
        if (force)
        {
            Log.Warning("Error trying to save the DB. Exit anyway.");
            return true;
        }
        Log.Warning("Error trying to save the DB, can't exit.");
        return false;
    }

    /// <summary>
    /// serverCron's part: a scheduled BGSAVE, then the save points ("after N seconds if M changes"),
    /// waiting <see cref="RetryDelaySeconds"/> after a failure.
    /// </summary>
    public void Cron()
    {
        if (server.HasActiveChild) return;
        long now = Clock.UnixMs / 1000;
        bool mayTry = LastStatusOk || now - LastTryUnix > RetryDelaySeconds;
        if (Scheduled && mayTry)
        {
            if (Start()) Scheduled = false;
            return;
        }
        foreach (var (seconds, changes) in server.Config.SavePoints)
        {
            if (server.Dirty >= changes && now - server.LastSaveUnixSeconds > seconds && mayTry)
            {
                Log.Notice($"{changes} changes in {seconds} seconds. Saving...");
                Start();
                break;
            }
        }
    }

    private static long CountKeys(RedisServer server)
    {
        long keys = 0;
        foreach (var db in server.Databases) keys += db.Count;
        return keys;
    }
}

/// <summary>The snapshot's output as RDB: the writer for the file, its static serialiser for early entries.</summary>
internal sealed class RdbSnapshotOutput(RdbWriter writer, bool compress) : ISnapshotOutput
{
    public void BeginDatabase(int db, long keys, long expires) => writer.BeginDatabase(db, keys, expires);

    public void WriteKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs) => writer.WriteKey(key, value, expireAtMs);

    public void SerializeEntry(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs) =>
        RdbWriter.SerializeEntry(into, key, value, expireAtMs, compress);

    public void WriteRaw(ReadOnlySpan<byte> entries) => writer.WriteRaw(entries);
}
