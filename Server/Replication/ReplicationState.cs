// What this server knows about its place in a replication setup: its role, its replication ids and
// offset, and (as a replica) the link to its primary. cf. the repl* fields of struct redisServer in
// server.h and the state machine of replication.c.

namespace EventLoopRedis.Replication;

/// <summary>The state of the link to a primary (cf. server.repl_state, REPL_STATE_* in server.h).</summary>
internal enum ReplicaLinkState
{
    /// <summary>Not a replica.</summary>
    None,
    /// <summary>Must connect to the primary (INFO: "connect").</summary>
    Connect,
    /// <summary>Connecting (INFO: "connecting").</summary>
    Connecting,
    /// <summary>PING, AUTH, REPLCONF and PSYNC exchanged (INFO: "handshake").</summary>
    Handshake,
    /// <summary>Receiving the full-sync payload (INFO: "sync").</summary>
    Transfer,
    /// <summary>Following the primary's command stream (INFO: "connected").</summary>
    Connected,
}

/// <summary>
/// The replication facts that both sides of replication share: the primary side (replicas that
/// follow this server, the backlog, WAIT) and the replica side (REPLICAOF, the link to a primary).
/// INFO replication and ROLE read them.
/// </summary>
internal sealed class ReplicationState
{
    /// <summary>This server's replication id (cf. server.replid): 40 hex characters, new at start-up and on promotion.</summary>
    public string ReplId { get; set; } = NewReplId();

    /// <summary>The previous replication id a promoted replica still accepts PSYNC for (cf. server.replid2).</summary>
    public string ReplId2 { get; set; } = new('0', 40);

    /// <summary>The offset up to which <see cref="ReplId2"/> is valid, -1 without one (cf. server.second_replid_offset).</summary>
    public long SecondReplIdOffset { get; set; } = -1;

    /// <summary>Bytes of the write stream produced (or, as a replica, received) so far (cf. server.master_repl_offset).</summary>
    public long MasterReplOffset { get; set; }

    /// <summary>The primary this server replicates, null when it is a primary itself (cf. server.masterhost).</summary>
    public string? MasterHost { get; set; }

    /// <summary>The primary's port (cf. server.masterport).</summary>
    public int MasterPort { get; set; }

    /// <summary>Where the link to the primary stands; <see cref="ReplicaLinkState.None"/> for a primary.</summary>
    public ReplicaLinkState LinkState { get; set; }

    // ---- as a replica (Replication/MasterLink.cs writes these; INFO replication and ROLE read them) ----

    /// <summary>When the link to the primary was last read from, Unix ms; 0 while there is no link (cf. master->lastinteraction).</summary>
    public long MasterLastIoMs { get; set; }

    /// <summary>When the link to the primary went down, Unix ms; 0 when it never was up (cf. server.repl_down_since).</summary>
    public long LinkDownSinceMs { get; set; }

    /// <summary>A full sync is under way: receiving or loading the payload (cf. master_sync_in_progress).</summary>
    public bool SyncInProgress => LinkState == ReplicaLinkState.Transfer;

    /// <summary>The payload's size in bytes, -1 for a diskless EOF-marked transfer (cf. server.repl_transfer_size).</summary>
    public long SyncTotalBytes { get; set; } = -1;

    /// <summary>Payload bytes received so far (cf. server.repl_transfer_read).</summary>
    public long SyncReadBytes { get; set; }

    /// <summary>When payload bytes last arrived, Unix ms (cf. server.repl_transfer_lastio).</summary>
    public long SyncLastIoMs { get; set; }

    /// <summary>The payload is loading on a background thread while clients are served the old data (cf. server.async_loading).</summary>
    public bool AsyncLoading { get; set; }

    /// <summary>Bytes of the primary's stream read so far, applied or not (cf. master->read_reploff): slave_read_repl_offset.</summary>
    public long MasterReadOffset { get; set; }

    /// <summary>True when this server follows a primary (REPLICAOF host port).</summary>
    public bool IsReplica => MasterHost is not null;

    /// <summary>A fresh 40-character hex id, as changeReplicationId makes.</summary>
    public static string NewReplId() => Util.RandomBytes.Hex(20);
}
