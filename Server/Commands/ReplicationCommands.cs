// Replication commands of the primary side: SYNC, PSYNC, REPLCONF, WAIT and ROLE.
// cf. syncCommand, replconfCommand, waitCommand and roleCommand in replication.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Replication;

namespace EventLoopRedis.Commands;

internal static class ReplicationCommands
{
    /// <summary>
    /// Format: <c>SYNC</c> and <c>PSYNC replicationid offset</c>. Makes the client a replica: a partial
    /// resync (+CONTINUE and the backlog) when PSYNC names this server's history and the backlog still
    /// holds the offset, otherwise a full one (+FULLRESYNC, the RDB, then the stream). Ignored from a
    /// client that is a replica already. cf. syncCommand.
    /// </summary>
    public static void Sync(Client client)
    {
        var server = client.Server;
        var replica = client.Replica ??= new ReplicaState();
        if (replica.IsReplica || client.IsMonitor) return;
        var state = server.Replication;
        if (state.IsReplica && state.LinkState != ReplicaLinkState.Connected)
        {
            client.Reply.Error(Errors.NoMasterLink);
            return;
        }
        if (state.IsReplica)
        {
            client.Reply.Error(Errors.NoChainedReplication);
            return;
        }
        if (client.Reply.PendingBytes > 0)
        {
            client.Reply.Error(Errors.SyncWithPendingOutput);
            return;
        }
        if (replica.Exclusions != RdbExclusions.None && !replica.CapaEof)
        {
            client.Reply.Error(Errors.FilteredReplicaWithoutEof);
            return;
        }
        var replicas = server.Replicas;
        Log.Notice($"Replica {Replicas.Name(client)} asks for synchronization");
        var args = client.Args;
        if (args.Is(0, "PSYNC"u8))
        {
            if (!Numbers.TryParseLong(args[2], out long offset))
            {
                Log.Warning($"Replica {Replicas.Name(client)} asks for synchronization but with a wrong offset");
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            if (replicas.TryPartialResync(client, args[1], offset))
            {
                replicas.SyncPartialOk++;
                return;
            }
            if (args[1].Length == 0 || args[1][0] != (byte)'?') replicas.SyncPartialErr++;
        }
        else
        {
            replica.PrePsync = true;
        }
        replicas.SyncFull++;
        replicas.AttachForFullSync(client);
    }

    /// <summary>
    /// Format: <c>REPLCONF option value [option value ...]</c>: listening-port, ip-address, capa (eof,
    /// psync2; others ignored), ACK offset (a replica's acknowledgement: no reply), GETACK (to a
    /// replica: no reply), rdb-only 0|1 and rdb-filter-only "functions"|"" (what redis-cli --rdb,
    /// --functions-rdb and --replica ask for). +OK otherwise. cf. replconfCommand.
    /// </summary>
    public static void Replconf(Client client)
    {
        var args = client.Args;
        if (args.Count % 2 == 0)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        var replica = client.Replica ??= new ReplicaState();
        for (int j = 1; j < args.Count; j += 2)
        {
            if (args.Is(j, "listening-port"u8))
            {
                if (!Numbers.TryParseLong(args[j + 1], out long port))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                replica.ListeningPort = (int)port;
            }
            else if (args.Is(j, "ip-address"u8))
            {
                // NET_HOST_STR_LEN: 256 bytes with the terminator.
                if (args[j + 1].Length >= 256)
                {
                    client.Reply.Error($"ERR REPLCONF ip-address provided by replica instance is too long: {args[j + 1].Length} bytes");
                    return;
                }
                replica.AnnouncedIp = System.Text.Encoding.Latin1.GetString(args[j + 1]);
            }
            else if (args.Is(j, "capa"u8))
            {
                if (args.Is(j + 1, "eof"u8)) replica.CapaEof = true;
                else if (args.Is(j + 1, "psync2"u8)) replica.CapaPsync2 = true;
            }
            else if (args.Is(j, "ack"u8))
            {
                if (!replica.IsReplica || !Numbers.TryParseLong(args[j + 1], out long offset)) return;
                client.Server.Replicas.Acknowledged(client, offset);
                return;
            }
            else if (args.Is(j, "getack"u8))
            {
                return; // only the link to a primary answers it, before it runs (Replication/MasterLink.cs)
            }
            else if (args.Is(j, "rdb-only"u8))
            {
                if (!Numbers.TryParseLong(args[j + 1], out long rdbOnly))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (rdbOnly is < 0 or > 1)
                {
                    client.Reply.Error(Errors.RdbOnlyOutOfRange);
                    return;
                }
                replica.RdbOnly = rdbOnly == 1;
            }
            else if (args.Is(j, "rdb-filter-only"u8))
            {
                if (!TryParseRdbFilter(client, args[j + 1], replica)) return;
            }
            else
            {
                client.Reply.Error($"ERR Unrecognized REPLCONF option: {CommandExecutor.Printable(args[j], 128)}");
                return;
            }
        }
        client.Reply.Ok();
    }

    // REPLCONF rdb-filter-only "<filter> ...": the RDB leaves out the keys and every kind of data not
    // named; "functions" is the only filter, and "" asks for an RDB with neither keys nor functions.
    private static bool TryParseRdbFilter(Client client, ReadOnlySpan<byte> value, ReplicaState replica)
    {
        var buffer = ArgList.CString(value).ToArray();
        var filters = new ArgList();
        filters.Reset(buffer);
        if (!InlineSplitter.Split(buffer, 0, filters))
        {
            client.Reply.Error(Errors.RdbFilterMissingValues);
            return false;
        }
        replica.Exclusions |= RdbExclusions.Data | RdbExclusions.Functions;
        for (int i = 0; i < filters.Count; i++)
        {
            if (filters.Is(i, "functions"u8))
            {
                replica.Exclusions &= ~RdbExclusions.Functions;
                continue;
            }
            client.Reply.Error($"ERR Unsupported rdb-filter-only option: {System.Text.Encoding.Latin1.GetString(ArgList.CString(filters[i]))}");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Format: <c>WAIT numreplicas timeout</c>. Replies how many replicas acknowledged every write this
    /// client made, at once when enough already have (or the client may not block), otherwise when
    /// enough have or at the timeout (milliseconds, 0 forever). cf. waitCommand.
    /// </summary>
    public static void Wait(Client client)
    {
        var server = client.Server;
        if (server.Replication.IsReplica)
        {
            client.Reply.Error(Errors.WaitOnReplica);
            return;
        }
        if (!Numbers.TryParseLong(client.Args[1], out long numReplicas))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (!BlockingCommands.TryParseTimeout(client, 2, inSeconds: false, out long deadline)) return;
        int acks = server.Replicas.CountAcks(client.WriteOffset);
        if (acks >= numReplicas || !BlockedClients.CanBlock(client))
        {
            client.Reply.Integer(acks);
            return;
        }
        server.Blocking.BlockForTimeout(client, BlockType.Wait, deadline);
        client.Block.Count = numReplicas;
        client.Block.WaitOffset = client.WriteOffset;
        server.Replicas.AddWaiting(client);
    }

    /// <summary>
    /// Format: <c>ROLE</c>. A primary: "master", its offset, and [ip, port, acked offset] per online
    /// replica. A replica: "slave", its primary's host and port, the link state and the offset
    /// processed (-1 before the link is up). cf. roleCommand.
    /// </summary>
    public static void Role(Client client)
    {
        var server = client.Server;
        var state = server.Replication;
        var reply = client.Reply;
        if (state.IsReplica)
        {
            reply.ArrayHeader(5);
            reply.Bulk("slave"u8);
            reply.Bulk(state.MasterHost!);
            reply.Integer(state.MasterPort);
            reply.Bulk(state.LinkState switch
            {
                ReplicaLinkState.Connect => "connect",
                ReplicaLinkState.Connecting => "connecting",
                ReplicaLinkState.Handshake => "handshake",
                ReplicaLinkState.Transfer => "sync",
                ReplicaLinkState.Connected => "connected",
                _ => "none",
            });
            reply.Integer(state.LinkState == ReplicaLinkState.Connected ? state.MasterReplOffset : -1);
            return;
        }
        reply.ArrayHeader(3);
        reply.Bulk("master"u8);
        reply.Integer(state.MasterReplOffset);
        int mark = reply.DeferArrayLength();
        int online = 0;
        foreach (var replicaClient in server.Replicas.All)
        {
            var replica = replicaClient.Replica!;
            if (replica.State != ReplicaSyncState.Online) continue;
            reply.ArrayHeader(3);
            reply.Bulk(replica.Ip(replicaClient));
            reply.BulkLong(replica.ListeningPort);
            reply.BulkLong(replica.AckOffset);
            online++;
        }
        reply.SetDeferredArrayLength(mark, online);
    }
}
