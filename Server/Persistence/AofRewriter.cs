// BGREWRITEAOF without fork: a new incr file takes the writes from the rewrite's first moment, while a
// Snapshot of that moment is written as the new base by the SnapshotRunner, a slice per loop turn; the manifest then swaps.
// cf. rewriteAppendOnlyFileBackground, backgroundRewriteDoneHandler, startAppendOnly and the AOF part of serverCron in aof.c/server.c.

using System.Diagnostics;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Persistence.Aof;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence;

/// <summary>
/// One rewrite at a time, and never beside a background save: it is the <see cref="SnapshotRunner"/>'s
/// job of kind <see cref="SnapshotJobKind.AofBase"/> (Redis's one child). At its start the AOF moves to a new incr file, named in the manifest at once, so
/// every later write lands there, in order; the snapshot holds the dataset of that moment. When the
/// base is complete it becomes the manifest's base, and the incr files before the new one, with the old
/// base, become history files and are deleted: base + new incr file is the dataset, with no rewrite
/// buffer to replay. A rewrite that fails leaves the old base and both incr files in the manifest.
/// </summary>
internal sealed class AofRewriter(RedisServer server)
{
    // What this rewrite needs once the runner is done with it: the file's outcome, INFO's progress and times.
    private sealed class Job(Snapshot snapshot, SnapshotFile file)
    {
        public readonly Snapshot Snapshot = snapshot;
        public readonly SnapshotFile File = file;
        public readonly long StartedUnix = Clock.UnixMs / 1000;
    }

    private Job? _job;

    /// <summary>aof_rewrite_in_progress.</summary>
    public bool InProgress => _job is not null;

    /// <summary>aof_rewrite_scheduled: BGREWRITEAOF while another job ran (or inside EXEC); the cron starts it.</summary>
    public bool Scheduled { get; set; }

    /// <summary>
    /// AOF_WAIT_REWRITE: CONFIG SET appendonly yes is waiting for the rewrite that writes the first base;
    /// the AOF counts as enabled meanwhile.
    /// </summary>
    public bool WaitingToTurnOn { get; private set; }

    /// <summary>aof_last_bgrewrite_status.</summary>
    public bool LastStatusOk { get; private set; } = true;

    /// <summary>aof_rewrites: rewrites started.</summary>
    public long Rewrites { get; private set; }

    /// <summary>aof_rewrites_consecutive_failures.</summary>
    public long ConsecutiveFailures { get; private set; }

    /// <summary>aof_last_rewrite_time_sec: -1 until a rewrite ended.</summary>
    public long LastDurationSeconds { get; private set; } = -1;

    /// <summary>aof_current_rewrite_time_sec: -1 without a rewrite.</summary>
    public long CurrentDurationSeconds => _job is { } job ? Clock.UnixMs / 1000 - job.StartedUnix : -1;

    /// <summary>aof_last_cow_size: bytes the last successful rewrite serialised early, because their key was about to change.</summary>
    public long LastCopyOnWriteBytes { get; private set; }

    /// <summary>Keys written, keys at the start and bytes copied early, for INFO's current_* fields while a rewrite runs.</summary>
    public (long Processed, long Total, long CopyOnWriteBytes) Progress =>
        _job is { } job ? (job.Snapshot.KeysWritten, _keysAtStart, job.Snapshot.CopyOnWriteBytes) : (0, 0, 0);

    private long _keysAtStart;

    private string TempBase => Path.Combine(server.Config.Dir, $"temp-rewriteaof-{Environment.ProcessId}.aof");

    private string TempBaseDone => Path.Combine(server.Config.Dir, $"temp-rewriteaof-bg-{Environment.ProcessId}.aof");

    /// <summary>
    /// Starts a rewrite (cf. rewriteAppendOnlyFileBackground): a new incr file for what follows, the
    /// snapshot's moment, the header and functions now, the keys over the loop's turns. False if another
    /// job runs or a file could not be created (the reason is logged).
    /// </summary>
    public bool Start()
    {
        if (server.HasActiveChild) return false;
        var config = server.Config;
        try
        {
            Directory.CreateDirectory(AppendOnlyFile.DirectoryOf(config));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Can't open or create append-only dir {config.AppendDirName}: {AppendOnlyFile.StrError(e)}");
            LastStatusOk = false;
            return false;
        }
        if (server.Aof is { } aof)
        {
            if (!aof.StartNewIncr(out _))
            {
                LastStatusOk = false;
                return false;
            }
        }
        else if (WaitingToTurnOn)
        {
            var temporary = AppendOnlyFile.OpenTemporary(config, CurrentManifest(), out string error);
            if (temporary is null)
            {
                Log.Warning($"Can't open the append-only file {AppendOnlyFile.TempIncrName(config)}: {error}");
                LastStatusOk = false;
                return false;
            }
            Log.Notice($"Creating AOF incr file {AppendOnlyFile.TempIncrName(config)} on background rewrite");
            AofControl.Attach(server, temporary);
        }
        Rewrites++;
        var file = new SnapshotFile(TempBase, TempBaseDone, config.AofRewriteIncrementalFsync);
        Snapshot snapshot;
        Action finish;
        if (config.AofUseRdbPreamble)
        {
            var writer = new RdbWriter(file, config.RdbChecksum, config.RdbCompression);
            writer.WriteHeader(server, aofBase: true);
            writer.WriteFunctions(server.Scripting.Functions.Current.Libraries);
            snapshot = new Snapshot(server.Databases, new RdbSnapshotOutput(writer, config.RdbCompression));
            finish = writer.WriteEnd;
        }
        else
        {
            var output = new AofRewriteOutput(file);
            output.WriteFunctions(server.Scripting.Functions.Current.Libraries);
            snapshot = new Snapshot(server.Databases, output);
            finish = output.Finish;
        }
        _keysAtStart = 0;
        foreach (var db in server.Databases) _keysAtStart += db.Count;
        _job = new Job(snapshot, file);
        server.SnapshotRunner.Start(SnapshotJobKind.AofBase, snapshot, new SnapshotFileTarget(file, finish), Done);
        Scheduled = false;
        Log.Notice($"Background append only file rewriting started by pid {Environment.ProcessId}");
        return true;
    }

    // The manifest in use: the AOF's, else the one on disk (BGREWRITEAOF with appendonly no still
    // rewrites the directory, as Redis does), else an empty one.
    private AofManifest CurrentManifest()
    {
        if (server.Aof is { } aof) return aof.Manifest;
        var path = Path.Combine(AppendOnlyFile.DirectoryOf(server.Config), AofManifest.FileName(server.Config.AppendFilename));
        if (File.Exists(path) && AofManifest.Parse(File.ReadAllText(path, System.Text.Encoding.Latin1), out _) is { } manifest) return manifest;
        return new AofManifest();
    }

    // The runner's call when the base is written, or failed (cf. backgroundRewriteDoneHandler).
    private void Done(bool success)
    {
        var job = _job!;
        _job = null;
        if (job.File.Error is { } error) Log.Warning(error);
        if (success) Swap(job);
        else
        {
            LastStatusOk = false;
            ConsecutiveFailures++;
            Log.Warning("Background AOF rewrite terminated with error");
        }
        Cleanup(job);
    }

    // The new base and (when turning the AOF on) the new incr file enter the manifest; what they replace becomes history.
    private void Swap(Job job)
    {
        Log.Notice("Background AOF rewrite terminated with success");
        var config = server.Config;
        string directory = AppendOnlyFile.DirectoryOf(config);
        var next = CurrentManifest().Clone();
        if (next.Base is { } oldBase) next.History.Insert(0, oldBase with { Type = AofFileType.History });
        next.BaseSeq++;
        var baseName = AofManifest.BaseName(config.AppendFilename, next.BaseSeq, config.AofUseRdbPreamble);
        next.Base = new AofFileInfo(baseName, next.BaseSeq, AofFileType.Base);
        string basePath = Path.Combine(directory, baseName);
        string tempName = Path.GetFileName(TempBaseDone);
        if (!TryRename(TempBaseDone, basePath, $"Error trying to rename the temporary AOF base file {tempName} into {baseName}"))
        {
            Failed();
            return;
        }
        Log.Notice($"Successfully renamed the temporary AOF base file {tempName} into {baseName}");
        string? incrPath = null;
        var aof = server.Aof;
        if (aof is { IsTemporary: true })
        {
            string tempIncr = AppendOnlyFile.TempIncrName(config);
            next.IncrSeq++;
            var incrName = AofManifest.IncrName(config.AppendFilename, next.IncrSeq);
            next.Incrs.Add(new AofFileInfo(incrName, next.IncrSeq, AofFileType.Incr));
            incrPath = Path.Combine(directory, incrName);
            if (!TryRename(Path.Combine(directory, tempIncr), incrPath, $"Error trying to rename the temporary AOF incr file {tempIncr} into {incrName}"))
            {
                File.Delete(basePath);
                Failed();
                return;
            }
            Log.Notice($"Successfully renamed the temporary AOF incr file {tempIncr} into {incrName}");
        }
        // cf. markRewrittenIncrAofAsHistory: every incr file but the one being appended to.
        int keep = aof is null ? 0 : 1;
        for (int i = next.Incrs.Count - 1 - keep; i >= 0; i--)
        {
            next.History.Insert(0, next.Incrs[i] with { Type = AofFileType.History });
            next.Incrs.RemoveAt(i);
        }
        if (!AppendOnlyFile.TryWriteManifest(directory, config.AppendFilename, next))
        {
            File.Delete(basePath);
            if (incrPath is not null) File.Delete(incrPath);
            Failed();
            return;
        }
        long baseSize = new FileInfo(basePath).Length;
        aof?.RewriteDone(next, baseSize);
        DeleteHistory(next);
        LastStatusOk = true;
        ConsecutiveFailures = 0;
        LastCopyOnWriteBytes = job.Snapshot.CopyOnWriteBytes;
        Log.Notice("Background AOF rewrite finished successfully");
        WaitingToTurnOn = false;
    }

    private void Failed()
    {
        LastStatusOk = false;
        ConsecutiveFailures++;
    }

    private static bool TryRename(string from, string to, string failure)
    {
        try
        {
            File.Move(from, to, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"{failure}: {AppendOnlyFile.StrError(e)}");
            return false;
        }
    }

    /// <summary>
    /// cf. aofDelHistoryFiles: the files the manifest calls history are deleted and their lines go,
    /// unless aof-disable-auto-gc keeps them. Run after a rewrite, at start-up and when the GC is turned back on.
    /// </summary>
    public void DeleteHistoryFiles() => DeleteHistory(CurrentManifest());

    private void DeleteHistory(AofManifest manifest)
    {
        var config = server.Config;
        if (config.AofDisableAutoGc || manifest.History.Count == 0) return;
        string directory = AppendOnlyFile.DirectoryOf(config);
        foreach (var info in manifest.History)
        {
            Log.Notice($"Removing the history file {info.Name} in the background");
            TryDelete(Path.Combine(directory, info.Name));
        }
        manifest.History.Clear();
        AppendOnlyFile.TryWriteManifest(directory, config.AppendFilename, manifest);
    }

    // After any outcome: temporary files go; a failed rewrite that was to turn the AOF on drops its
    // temporary incr file and tries again from the cron.
    private void Cleanup(Job job)
    {
        TryDelete(TempBase);
        TryDelete(TempBaseDone);
        if (WaitingToTurnOn)
        {
            if (server.Aof is { IsTemporary: true } temporary) AofControl.Detach(server, temporary);
            TryDelete(Path.Combine(AppendOnlyFile.DirectoryOf(server.Config), AppendOnlyFile.TempIncrName(server.Config)));
            Scheduled = true;
        }
        LastDurationSeconds = Clock.UnixMs / 1000 - job.StartedUnix;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next rewrite to overwrite.
        }
    }

    /// <summary>
    /// Abandons the rewrite in progress, as killAppendOnlyChild does (CONFIG SET appendonly no, SHUTDOWN,
    /// a new rewrite to turn the AOF on): not counted as a failure; the incr files already in the manifest stay.
    /// </summary>
    public void Abort()
    {
        if (_job is not { } job) return;
        Log.Notice($"Killing running AOF rewrite child: {Environment.ProcessId}");
        _job = null;
        server.SnapshotRunner.Abort();
        job.File.WaitUntilFinished();
        TryDelete(TempBase);
        TryDelete(TempBaseDone);
    }

    /// <summary>
    /// CONFIG SET appendonly yes (cf. startAppendOnly): the AOF waits for a rewrite that writes the
    /// dataset as its first base; it starts now, or from the cron when another job runs or EXEC is running.
    /// False when it could not start (the AOF stays off).
    /// </summary>
    public bool TurnOn()
    {
        WaitingToTurnOn = true;
        if (server.HasActiveChild && !InProgress)
        {
            Scheduled = true;
            Log.Warning("AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.");
            return true;
        }
        if (server.InExec)
        {
            Scheduled = true;
            Log.Warning("AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
            return true;
        }
        if (InProgress)
        {
            Log.Warning("AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.");
            Abort();
        }
        if (Start()) return true;
        WaitingToTurnOn = false;
        Log.Warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
        return false;
    }

    /// <summary>CONFIG SET appendonly no (cf. stopAppendOnly): no rewrite waits any more, and a running one is abandoned.</summary>
    public void TurnOff()
    {
        WaitingToTurnOn = false;
        Scheduled = false;
        Abort();
    }

    private int _nextDelayMinutes;
    private long _nextRewriteUnix;

    /// <summary>
    /// cf. aofRewriteLimited: after three failed rewrites in a row, the cron waits 1, 2, 4 ... 60 minutes
    /// between attempts, so a failing disk does not fill the directory with incr files. BGREWRITEAOF
    /// still runs at once and clears the count.
    /// </summary>
    private bool Limited()
    {
        if (ConsecutiveFailures < 3)
        {
            _nextDelayMinutes = 0;
            _nextRewriteUnix = 0;
            return false;
        }
        long now = Clock.UnixMs / 1000;
        if (_nextRewriteUnix != 0)
        {
            if (now < _nextRewriteUnix) return true;
            _nextRewriteUnix = 0;
            return false;
        }
        _nextDelayMinutes = Math.Min(_nextDelayMinutes == 0 ? 1 : _nextDelayMinutes * 2, 60);
        _nextRewriteUnix = now + _nextDelayMinutes * 60;
        Log.Warning($"Background AOF rewrite has repeatedly failed and triggered the limit, will retry in {_nextDelayMinutes} minutes");
        return true;
    }

    /// <summary>When BGREWRITEAOF is scheduled by hand, the failure count restarts so that it runs at once (cf. bgrewriteaofCommand).</summary>
    public void ScheduleByCommand()
    {
        Scheduled = true;
        ConsecutiveFailures = 0;
    }

    /// <summary>
    /// serverCron's part: a scheduled rewrite once no job runs, and the automatic rewrite when the AOF
    /// grew by auto-aof-rewrite-percentage over its size after the last rewrite, past auto-aof-rewrite-min-size.
    /// </summary>
    public void Cron()
    {
        if (server.HasActiveChild) return;
        if (Scheduled)
        {
            if (!Limited()) Start();
            return;
        }
        var config = server.Config;
        if (server.Aof is not { IsTemporary: false } aof || config.AutoAofRewritePercentage == 0) return;
        long current = aof.CurrentSize;
        if (current <= config.AutoAofRewriteMinSize) return;
        long baseSize = aof.RewriteBaseSize == 0 ? 1 : aof.RewriteBaseSize;
        long growth = current * 100 / baseSize - 100;
        if (growth < config.AutoAofRewritePercentage || Limited()) return;
        Log.Notice($"Starting automatic rewriting of AOF on {growth}% growth");
        Start();
    }
}
