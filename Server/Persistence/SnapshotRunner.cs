// The one background job that writes a Snapshot of the dataset, whatever it is written for: BGSAVE's RDB
// file, BGREWRITEAOF's new base, a diskless full sync's replica sockets. Redis runs one child process at a
// time for all three (cf. hasActiveChildProcess and the child types in server.c, rdbSaveToSlavesSockets in rdb.c).

using System.Diagnostics;

namespace EventLoopRedis.Persistence;

/// <summary>What a snapshot job writes (cf. CHILD_TYPE_RDB with RDB_CHILD_TYPE_DISK or _SOCKET, and CHILD_TYPE_AOF).</summary>
internal enum SnapshotJobKind
{
    /// <summary>BGSAVE (and a disk-based full sync): dir/dbfilename.</summary>
    RdbFile,
    /// <summary>BGREWRITEAOF: the AOF's new base file.</summary>
    AofBase,
    /// <summary>A diskless full sync: the RDB straight into the waiting replicas' output.</summary>
    ReplicaSockets,
}

/// <summary>
/// Where a snapshot job's bytes go. The output it was built with has already had the header and the
/// functions; the runner hands it the keys a slice at a time while <see cref="CanTakeMore"/>, then
/// calls <see cref="Complete"/> once, and the job ends when <see cref="IsFinished"/>.
/// </summary>
internal interface ISnapshotTarget
{
    /// <summary>Another slice may be written now: the file's writer thread, or every replica, has room.</summary>
    bool CanTakeMore { get; }

    /// <summary>Nothing more will happen: the file is written and synced, or failed (<see cref="Error"/>); replicas have every byte.</summary>
    bool IsFinished { get; }

    /// <summary>Why the output failed, null if it did not.</summary>
    string? Error { get; }

    /// <summary>Every key is out: writes the end (EOF and checksum, the EOF mark) and lets the output complete.</summary>
    void Complete();

    /// <summary>The job is abandoned before it finished.</summary>
    void Abort();
}

/// <summary>A snapshot written to disk by <see cref="SnapshotFile"/>'s thread: BGSAVE's RDB, BGREWRITEAOF's base.</summary>
internal sealed class SnapshotFileTarget(SnapshotFile file, Action writeEnd) : ISnapshotTarget
{
    public bool CanTakeMore => file.CanTakeMore;

    public bool IsFinished => file.IsFinished;

    public string? Error => file.Error;

    public void Complete()
    {
        writeEnd();
        file.Complete();
    }

    public void Abort() => file.Abort();
}

/// <summary>
/// Runs at most one snapshot job: the one-child rule is <see cref="IsRunning"/>. Each loop cycle gives
/// the job one turn (<see cref="RunTurn"/>): at most <see cref="SliceKeys"/> keys or
/// <see cref="SliceMilliseconds"/> of serialising, so clients wait for one slice at most, and the loop
/// does not sleep in Select while the job has work (<see cref="WantsTurn"/>). The owner of a job
/// (<see cref="SnapshotSaver"/>, <see cref="AofRewriter"/>, Replication/Replicas.cs) keeps its own
/// state and is called back once when the job ends.
/// </summary>
internal sealed class SnapshotRunner(RedisServer server)
{
    /// <summary>Keys serialised in one turn at most.</summary>
    public const int SliceKeys = 20_000;

    /// <summary>Time one turn may take: what a client's command can be delayed by (one key's value may exceed it).</summary>
    public const double SliceMilliseconds = 1.0;

    private sealed class Job(SnapshotJobKind kind, Snapshot snapshot, ISnapshotTarget target, Action<bool> ended)
    {
        public readonly SnapshotJobKind Kind = kind;
        public readonly Snapshot Snapshot = snapshot;
        public readonly ISnapshotTarget Target = target;
        public readonly Action<bool> Ended = ended;
        public readonly long StartedTicks = Stopwatch.GetTimestamp();
        public bool Written;
    }

    private Job? _job;

    /// <summary>A job runs: no other may start (cf. hasActiveChildProcess).</summary>
    public bool IsRunning => _job is not null;

    /// <summary>What the running job writes, null without one.</summary>
    public SnapshotJobKind? Kind => _job?.Kind;

    /// <summary>The running job writes a file, whose thread the loop looks at again within a millisecond.</summary>
    public bool WritesAFile => _job is { Kind: SnapshotJobKind.RdbFile or SnapshotJobKind.AofBase };

    /// <summary>
    /// Starts <paramref name="snapshot"/> into <paramref name="target"/>; <paramref name="ended"/> is called
    /// once, with the outcome, when the target finished (not after <see cref="Abort"/>). The caller has
    /// checked that no job runs.
    /// </summary>
    public void Start(SnapshotJobKind kind, Snapshot snapshot, ISnapshotTarget target, Action<bool> ended)
    {
        if (_job is not null) throw new InvalidOperationException($"a {_job.Kind} snapshot job is running");
        _job = new Job(kind, snapshot, target, ended);
    }

    /// <summary>True when a turn would do work now: keys the target and rdb-key-save-delay allow, or the end to notice.</summary>
    public bool WantsTurn => _job is { } job && (job.Written || job.Target.IsFinished || (job.Target.CanTakeMore && KeysAllowed(job) > 0));

    /// <summary>
    /// The loop's turn: notices the end of the output (or its failure), otherwise serialises one slice
    /// of keys, and once every key is out, completes the target.
    /// </summary>
    public void RunTurn()
    {
        if (_job is not { } job) return;
        if (job.Target.IsFinished)
        {
            End(job, job.Written && job.Target.Error is null);
            return;
        }
        if (job.Written || !job.Target.CanTakeMore) return;
        long allowed = KeysAllowed(job);
        if (allowed <= 0) return;
        long started = Stopwatch.GetTimestamp();
        long deadline = started + (long)(SliceMilliseconds * Stopwatch.Frequency / 1000);
        job.Snapshot.Step((int)Math.Min(allowed, SliceKeys), deadline);
        // LATENCY's "bgsave-turn": the loop's event-loop sample ends before this turn, which delays every client too.
        if (job.Kind == SnapshotJobKind.RdbFile)
        {
            server.Latency.AddSampleIfNeeded("bgsave-turn", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                server.Config.LatencyMonitorThreshold);
        }
        if (!job.Snapshot.IsComplete) return;
        job.Snapshot.Dispose();
        job.Target.Complete();
        job.Written = true;
        if (job.Target.IsFinished) End(job, job.Target.Error is null); // replicas: every byte is in their output now
    }

    // The job is over before its owner hears of it, so the owner may start the next one.
    private void End(Job job, bool success)
    {
        _job = null;
        job.Snapshot.Dispose();
        job.Ended(success);
    }

    /// <summary>Abandons the running job (its owner's kill): the databases are unhooked and the target aborted; no callback.</summary>
    public void Abort()
    {
        if (_job is not { } job) return;
        _job = null;
        job.Snapshot.Dispose();
        job.Target.Abort();
    }

    // rdb-key-save-delay spreads a file's keys over time (Redis's child sleeps per key): at most one key per
    // that many microseconds since the start, so the loop itself never sleeps. A diskless sync is not paced.
    private long KeysAllowed(Job job) => job.Kind == SnapshotJobKind.ReplicaSockets
        ? SliceKeys
        : KeysAllowed(server.Config.RdbKeySaveDelay, job.StartedTicks, job.Snapshot.KeysWritten);

    /// <summary>The keys a job started at <paramref name="startedTicks"/> may write now under rdb-key-save-delay (negative: nanoseconds).</summary>
    internal static long KeysAllowed(long delay, long startedTicks, long keysWritten)
    {
        if (delay == 0) return SliceKeys;
        double elapsedMicros = Stopwatch.GetElapsedTime(startedTicks).TotalMicroseconds;
        double perKey = delay > 0 ? delay : -1.0 / delay;
        return (long)(elapsedMicros / perKey) + 1 - keysWritten;
    }
}
