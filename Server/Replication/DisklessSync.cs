// A diskless full sync: the snapshot of BGSAVE, serialised as RDB straight into the waiting replicas'
// output buffers, between "$EOF:<mark>\r\n" and the mark. cf. rdbSaveToSlavesSockets and rdbSaveRioWithEOFMark in rdb.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Persistence;
using EventLoopRedis.Persistence.Rdb;

namespace EventLoopRedis.Replication;

/// <summary>
/// Redis forks a child that writes the RDB into a pipe the parent relays to the replicas' sockets.
/// Here the <see cref="SnapshotRunner"/> walks the keyspace a slice per turn (key-level copy-on-write,
/// as BGSAVE) and the bytes go into each target's reply buffer: this is the runner's target of kind
/// <see cref="SnapshotJobKind.ReplicaSockets"/>. Flow control: a slice is serialised only while every
/// target has less than <see cref="MaxUnsentBytes"/> unsent, so a slow replica slows its sync instead
/// of making the server hold the whole RDB, and other clients wait one slice at most.
/// </summary>
internal sealed class DisklessSync : ISnapshotTarget
{
    /// <summary>A target with more unsent output than this holds the snapshot back.</summary>
    public const int MaxUnsentBytes = 4 * 1024 * 1024;

    private readonly List<Client> _targets;
    private readonly RdbWriter _writer;
    private readonly byte[] _mark;
    private readonly FanOut _output;

    /// <summary>
    /// Takes the snapshot's moment and writes the transfer's preamble, the RDB header (with the
    /// repl-stream-db, repl-id and repl-offset aux fields) and the functions to every target, leaving
    /// out what the targets' REPLCONF rdb-filter-only excluded.
    /// </summary>
    public DisklessSync(RedisServer server, List<Client> targets, Action<Client> outputAdded, int streamDb, RdbExclusions exclusions)
    {
        _targets = targets;
        _mark = System.Text.Encoding.ASCII.GetBytes(ReplicationState.NewReplId());
        _output = new FanOut(_targets, outputAdded);
        _output.Write("$EOF:"u8);
        _output.Write(_mark);
        _output.Write("\r\n"u8);
        var config = server.Config;
        _writer = new RdbWriter(_output, config.RdbChecksum, config.RdbCompression);
        _writer.WriteHeader(server, aofBase: false);
        Span<byte> digits = stackalloc byte[20];
        _writer.WriteAux("repl-stream-db"u8, digits[..Protocol.Numbers.FormatLong(streamDb, digits)]);
        _writer.WriteAux("repl-id"u8, System.Text.Encoding.ASCII.GetBytes(server.Replication.ReplId));
        _writer.WriteAux("repl-offset"u8, digits[..Protocol.Numbers.FormatLong(server.Replication.MasterReplOffset, digits)]);
        if (!exclusions.HasFlag(RdbExclusions.Functions)) _writer.WriteFunctions(server.Scripting.Functions.Current.Libraries);
        // A filtered RDB without keys is an image of no database: complete at its first turn.
        Snapshot = new Snapshot(exclusions.HasFlag(RdbExclusions.Data) ? [] : server.Databases, new RdbSnapshotOutput(_writer, config.RdbCompression));
    }

    /// <summary>The image this transfer carries, for the runner to walk.</summary>
    public Snapshot Snapshot { get; }

    /// <summary>The replicas still receiving this transfer.</summary>
    public List<Client> Targets => _targets;

    /// <summary>True once the mark has been written: every target has the whole RDB in its output.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>A slice may be written: every target has room.</summary>
    public bool CanTakeMore
    {
        get
        {
            foreach (var target in _targets)
            {
                if (target.Reply.PendingBytes >= MaxUnsentBytes) return false;
            }
            return true;
        }
    }

    /// <summary>Writing into replicas' output does not fail: a replica that goes away leaves the targets.</summary>
    public string? Error => null;

    /// <summary>Every key is out: the end of the RDB and the mark.</summary>
    public void Complete()
    {
        _writer.WriteEnd();
        _output.Write(_mark);
        IsFinished = true;
    }

    /// <summary>Every target disconnected: what is in their output goes with them.</summary>
    public void Abort() { }

    /// <summary>The RDB writer's stream: each write is copied into every target's output.</summary>
    private sealed class FanOut(List<Client> targets, Action<Client> outputAdded) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            foreach (var target in targets)
            {
                target.Reply.Raw(buffer);
                outputAdded(target);
            }
        }

        public override void Flush() { }
    }
}
