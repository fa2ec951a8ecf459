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

    // Read by INFO replication on a replica; the replica side keeps them.
    /// <summary>When the last bytes came from the primary, Unix ms; 0 before any (cf. server.master->lastinteraction).</summary>
    public long MasterLastIoMs { get; set; }
    /// <summary>Stream bytes read from the primary (cf. server.master->read_reploff).</summary>
    public long SlaveReadReplOffset { get; set; }
    /// <summary>Stream bytes read and applied (cf. server.master->reploff).</summary>
    public long SlaveReplOffset { get; set; }
    /// <summary>When the link to the primary went down, Unix ms; 0 if it never was up (cf. server.repl_down_since).</summary>
    public long LinkDownSinceMs { get; set; }

    /// <summary>REPLCONF GETACK from the primary: the replica side sends its REPLCONF ACK now (cf. replicationSendAck); null on a primary.</summary>
    public Action? AckRequested { get; set; }

    /// <summary>True when this server follows a primary (REPLICAOF host port).</summary>
    public bool IsReplica => MasterHost is not null;

    /// <summary>A fresh 40-character hex id, as changeReplicationId makes.</summary>
    public static string NewReplId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
}
