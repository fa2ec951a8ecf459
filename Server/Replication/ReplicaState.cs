// What the primary knows about one replica connected to it: where its sync stands, what it announced
// with REPLCONF, what it acknowledged. cf. the slave_* and repl_* fields of struct client in server.h.

using System.Buffers;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Replication;

/// <summary>Where a replica's sync stands (cf. SLAVE_STATE_* in server.h).</summary>
internal enum ReplicaSyncState
{
    /// <summary>Waits for a snapshot to start (another job runs, or repl-diskless-sync-delay): gets nothing meanwhile.</summary>
    WaitBgsaveStart,
    /// <summary>Got +FULLRESYNC: the snapshot is being made (and, diskless, streamed to it); writes are buffered for it.</summary>
    WaitBgsaveEnd,
    /// <summary>Disk-based: the saved file is being sent to it.</summary>
    SendBulk,
    /// <summary>Follows the write stream.</summary>
    Online,
}

/// <summary>What a replica asked to leave out of its RDB with REPLCONF rdb-filter-only (cf. SLAVE_REQ_* in server.h).</summary>
[Flags]
internal enum RdbExclusions
{
    None = 0,
    /// <summary>No keys (SLAVE_REQ_RDB_EXCLUDE_DATA): redis-cli --functions-rdb and --replica.</summary>
    Data = 1,
    /// <summary>No function libraries (SLAVE_REQ_RDB_EXCLUDE_FUNCTIONS): redis-cli --replica.</summary>
    Functions = 2,
}

/// <summary>The replica side of a client that sent SYNC or PSYNC (CLIENT_SLAVE), or REPLCONF before it.</summary>
internal sealed class ReplicaState
{
    /// <summary>SLAVE_CAPA_EOF: can read a diskless transfer ("$EOF:&lt;mark&gt;").</summary>
    public bool CapaEof { get; set; }

    /// <summary>SLAVE_CAPA_PSYNC2: understands "+CONTINUE &lt;replid&gt;".</summary>
    public bool CapaPsync2 { get; set; }

    /// <summary>REPLCONF listening-port (slave_listening_port), 0 until announced.</summary>
    public int ListeningPort { get; set; }

    /// <summary>REPLCONF ip-address (slave_addr), null when the connection's address is used.</summary>
    public string? AnnouncedIp { get; set; }

    /// <summary>
    /// REPLCONF rdb-only 1 (CLIENT_REPL_RDBONLY): wants the RDB and nothing after it, as redis-cli --rdb;
    /// it never gets the write stream, and a disk-based transfer closes the connection at its end.
    /// </summary>
    public bool RdbOnly { get; set; }

    /// <summary>REPLCONF rdb-filter-only (slave_req): a filtered replica gets its own diskless snapshot.</summary>
    public RdbExclusions Exclusions { get; set; }

    /// <summary>Sent SYNC, not PSYNC: gets the RDB without +FULLRESYNC before it (CLIENT_PRE_PSYNC).</summary>
    public bool PrePsync { get; set; }

    /// <summary>True once SYNC or PSYNC made this client a replica (CLIENT_SLAVE).</summary>
    public bool IsReplica { get; set; }

    public ReplicaSyncState State { get; set; }

    /// <summary>The offset sent with +FULLRESYNC (psync_initial_offset).</summary>
    public long InitialOffset { get; set; }

    /// <summary>The last offset the replica acknowledged (repl_ack_off).</summary>
    public long AckOffset { get; set; }

    /// <summary>When it last acknowledged, Unix ms (repl_ack_time): INFO's lag and the replica timeout.</summary>
    public long AckTimeMs { get; set; }

    /// <summary>When it entered <see cref="ReplicaSyncState.WaitBgsaveStart"/>, Unix ms: repl-diskless-sync-delay counts from it.</summary>
    public long WaitingSinceMs { get; set; }

    /// <summary>
    /// After a diskless transfer the stream waits for the replica's first REPLCONF ACK, so that it
    /// finds the EOF mark at the very end of what it read (cf. repl_start_cmd_stream_on_ack).
    /// </summary>
    public bool StartStreamOnAck { get; set; }

    /// <summary>Writes made since the snapshot's moment, held until the snapshot has been sent.</summary>
    public ArrayBufferWriter<byte>? Pending { get; set; }

    /// <summary>Disk-based sync: the saved file being sent, and how many of its bytes are left.</summary>
    public FileStream? BulkFile { get; set; }

    /// <summary>The stream bytes waiting for this replica and not yet in its output buffer.</summary>
    public long PendingBytes => Pending?.WrittenCount ?? 0;

    /// <summary>INFO's state word (cf. replicationGetSlaveName's caller in genRedisInfoString).</summary>
    public string StateName => State switch
    {
        ReplicaSyncState.WaitBgsaveStart or ReplicaSyncState.WaitBgsaveEnd => "wait_bgsave",
        ReplicaSyncState.SendBulk => "send_bulk",
        _ => "online",
    };

    /// <summary>The address INFO and ROLE show: the announced one, or the connection's.</summary>
    public string Ip(Client client)
    {
        if (AnnouncedIp is { } ip) return ip;
        int colon = client.Address.LastIndexOf(':');
        return colon < 0 ? client.Address : client.Address[..colon];
    }
}
