// The primary's half of replication: the replicas that follow this server, the stream they are fed
// (with the backlog that partial resyncs continue from), their full syncs, their ACKs and WAIT.
// cf. replicationFeedSlaves, syncCommand's helpers, startBgsaveForReplication, updateSlavesWaitingBgsave,
// replicationCron, processClientsWaitingReplicas and refreshGoodSlavesCount in replication.c.

using System.Buffers;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Persistence;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Replication;

/// <summary>
/// A replica is a client of the same loop. After SYNC or PSYNC its coroutine keeps reading what the
/// replica sends (REPLCONF ACK), and this class writes into its reply buffer: the RDB of a full sync,
/// then the write stream. The stream is the <see cref="Propagation"/> feed, with SELECT added when
/// the database changes (cf. server.slaveseldb), appended to the <see cref="ReplicationBacklog"/>
/// (which advances master_repl_offset) and copied to every online replica. Writes made while a
/// replica's snapshot is still on its way are held for it (<see cref="ReplicaState.Pending"/>) and
/// follow the RDB.
/// </summary>
internal sealed class Replicas(RedisServer server) : IPropagationTarget
{
    private const int ChunkBytes = 256 * 1024;

    private readonly List<Client> _replicas = new();
    private readonly List<Client> _waitingAcks = new();
    private readonly List<Client> _scratch = new();
    private int _selectedDb = -1;
    private long _noReplicasSinceMs = Clock.UnixMs;
    private long _cronLoops;
    private long _lastCronMs;
    private bool _getAckRequested;
    private DisklessSync? _diskless;
    private bool _diskSyncRunning;

    /// <summary>The loop's hook: a client's output grew outside its own command (set by the event loop).</summary>
    public Action<Client>? OutputAdded { get; set; }

    private ReplicationState State => server.Replication;

    /// <summary>The replicas, in the order they attached (cf. server.slaves).</summary>
    public List<Client> All => _replicas;

    /// <summary>
    /// Null until the first replica attaches (or a sync from a primary ends), and again after
    /// repl-backlog-ttl without one. The stream is fed only while it exists: with no backlog (and no
    /// AOF) propagation has no target and costs nothing.
    /// </summary>
    public ReplicationBacklog? Backlog
    {
        get => _backlog;
        private set
        {
            if (value is not null && _backlog is null) server.Propagation.Subscribe(this);
            if (value is null && _backlog is not null) server.Propagation.Unsubscribe(this);
            _backlog = value;
        }
    }

    private ReplicationBacklog? _backlog;

    /// <summary>A diskless full sync's snapshot is being made: the snapshot runner's job (BGSAVE says one is in progress).</summary>
    public bool SyncInProgress => _diskless is not null;

    /// <summary>INFO's sync_full, sync_partial_ok and sync_partial_err.</summary>
    public long SyncFull { get; set; }
    public long SyncPartialOk { get; set; }
    public long SyncPartialErr { get; set; }

    /// <summary>Online replicas whose last ACK is at most min-replicas-max-lag old (cf. repl_good_slaves_count).</summary>
    public int GoodReplicas { get; private set; }

    // ---- the stream ---------------------------------------------------------------------------

    /// <summary>
    /// A propagated command: SELECT first when the stream is in another database, then the command
    /// (cf. replicationFeedSlaves). Nothing is kept while there is no backlog, nor while this server
    /// follows a primary: its backlog holds the primary's bytes then (<see cref="FeedFromPrimary"/>).
    /// </summary>
    public void Feed(int db, ReadOnlySpan<byte> command)
    {
        if (Backlog is null || State.IsReplica) return;
        if (db != _selectedDb)
        {
            Span<byte> select = stackalloc byte[40];
            Span<byte> digits = stackalloc byte[11];
            int n = Protocol.Numbers.FormatLong(db, digits);
            int length = 0;
            Put(select, ref length, "*2\r\n$6\r\nSELECT\r\n$"u8);
            length += Protocol.Numbers.FormatLong(n, select[length..]);
            Put(select, ref length, "\r\n"u8);
            Put(select, ref length, digits[..n]);
            Put(select, ref length, "\r\n"u8);
            Write(select[..length]);
            _selectedDb = db;
        }
        Write(command);
    }

    private static void Put(Span<byte> into, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into[at..]);
        at += bytes.Length;
    }

    /// <summary>Stream bytes outside any database's commands (PING, REPLCONF GETACK): no SELECT.</summary>
    private void Write(ReadOnlySpan<byte> bytes)
    {
        Backlog!.Append(bytes);
        State.MasterReplOffset = Backlog.EndOffset;
        foreach (var replica in _replicas)
        {
            var state = replica.Replica!;
            // cf. canFeedReplicaReplBuffer: an rdb-only replica never gets the stream; one whose snapshot has not started gets all of this in the RDB.
            if (state.RdbOnly || state.State == ReplicaSyncState.WaitBgsaveStart) continue;
            if (state.State == ReplicaSyncState.Online && !state.StartStreamOnAck) replica.Reply.Raw(bytes);
            else (state.Pending ??= new ArrayBufferWriter<byte>()).Write(bytes);
            OutputAdded?.Invoke(replica);
        }
    }

    // ---- attaching ----------------------------------------------------------------------------

    /// <summary>
    /// PSYNC's partial resync (cf. masterTryPartialResynchronization): true, with +CONTINUE and the
    /// backlog after <paramref name="offset"/> written, when <paramref name="replId"/> is this server's
    /// id (or its previous one, up to where it held) and the backlog still covers the offset.
    /// </summary>
    public bool TryPartialResync(Client client, ReadOnlySpan<byte> replId, long psyncOffset)
    {
        var state = State;
        bool ours = Is(replId, state.ReplId);
        if (!ours && !(Is(replId, state.ReplId2) && psyncOffset <= state.SecondReplIdOffset))
        {
            if (replId.Length > 0 && replId[0] == (byte)'?')
                Log.Notice($"Full resync requested by replica {Name(client)}");
            else if (Is(replId, state.ReplId2))
                Log.Notice($"Partial resynchronization not accepted: Requested offset for second ID was {psyncOffset}, but I can reply up to {state.SecondReplIdOffset}");
            else
                Log.Notice($"Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '{System.Text.Encoding.Latin1.GetString(replId)}', my replication IDs are '{state.ReplId}' and '{state.ReplId2}')");
            return false;
        }
        if (Backlog is null || !Backlog.Covers(psyncOffset - 1))
        {
            Log.Notice($"Unable to partial resync with replica {Name(client)} for lack of backlog (Replica request was: {psyncOffset}).");
            if (Backlog is not null && psyncOffset > Backlog.EndOffset + 1)
                Log.Warning($"Warning: replica {Name(client)} tried to PSYNC with an offset that is greater than the master replication offset.");
            return false;
        }
        var replica = client.Replica!;
        replica.IsReplica = true;
        replica.State = ReplicaSyncState.Online;
        replica.AckTimeMs = Clock.UnixMs;
        replica.StartStreamOnAck = false;
        _replicas.Add(client);
        client.Reply.Raw(replica.CapaPsync2 ? System.Text.Encoding.ASCII.GetBytes($"+CONTINUE {state.ReplId}\r\n") : "+CONTINUE\r\n"u8);
        long sent = Backlog.CopyFrom(psyncOffset - 1, piece => client.Reply.Raw(piece));
        Log.Notice($"Partial resynchronization request from {Name(client)} accepted. Sending {sent} bytes of backlog starting from offset {psyncOffset}.");
        RefreshGoodReplicas();
        return true;
    }

    private static bool Is(ReadOnlySpan<byte> replId, string id) =>
        replId.Length == id.Length && System.Text.Ascii.EqualsIgnoreCase(replId, id);

    /// <summary>
    /// A full resync was asked for (cf. the second half of syncCommand): the client becomes a replica
    /// waiting for a snapshot, the backlog is created with the first replica (with a new replication
    /// id), and the snapshot starts now unless a diskless delay or another job makes it wait.
    /// </summary>
    public void AttachForFullSync(Client client)
    {
        var replica = client.Replica!;
        replica.IsReplica = true;
        replica.State = ReplicaSyncState.WaitBgsaveStart;
        replica.WaitingSinceMs = Clock.UnixMs;
        _replicas.Add(client);
        if (_replicas.Count == 1 && Backlog is null) CreateBacklog();
        var config = server.Config;
        if (config.ReplDisklessSync && replica.CapaEof && config.ReplDisklessSyncDelay > 0)
            Log.Notice("Delay next BGSAVE for diskless SYNC");
        else if (server.HasActiveChild)
            Log.Notice("No BGSAVE in progress, but another BG operation is active. BGSAVE for replication delayed");
        else
            StartSnapshot();
    }

    /// <summary>cf. createReplicationBacklog with changeReplicationId and clearReplicationId2, as syncCommand calls them.</summary>
    private void CreateBacklog()
    {
        var state = State;
        state.ReplId = ReplicationState.NewReplId();
        state.ReplId2 = new string('0', 40);
        state.SecondReplIdOffset = -1;
        Backlog = new ReplicationBacklog(server.Config.ReplBacklogSize, state.MasterReplOffset);
        _selectedDb = -1;
        Log.Notice($"Replication backlog created, my new replication IDs are '{state.ReplId}' and '{state.ReplId2}'");
    }

    // ---- as a replica: the primary's history --------------------------------------------------------

    /// <summary>
    /// A full sync from a primary ended: the backlog starts again at its offset (cf. replicationAttachToNewMaster's
    /// freeReplicationBacklog and readSyncBulkPayload's createReplicationBacklog). A replica keeps the
    /// stream it applies, so that after a promotion the replicas of its old primary continue with PSYNC.
    /// </summary>
    public void StartPrimaryHistory(long offset)
    {
        Backlog = new ReplicationBacklog(server.Config.ReplBacklogSize, offset);
        _selectedDb = -1;
    }

    /// <summary>A partial resync was accepted: the backlog goes on, or starts at the offset if it does not end there.</summary>
    public void ContinuePrimaryHistory(long offset)
    {
        if (Backlog is null || Backlog.EndOffset != offset) StartPrimaryHistory(offset);
    }

    /// <summary>Bytes of the primary's stream, applied: they extend the backlog (cf. replicationFeedStreamFromMasterStream).</summary>
    public void FeedFromPrimary(ReadOnlySpan<byte> bytes) => Backlog?.Append(bytes);

    /// <summary>
    /// REPLICAOF NO ONE: this server's own writes extend the backlog from here, after a SELECT, and the
    /// backlog's time to live without replicas counts from now (cf. replicationUnsetMaster).
    /// </summary>
    public void Promoted()
    {
        _selectedDb = -1;
        _noReplicasSinceMs = Clock.UnixMs;
    }

    /// <summary>CONFIG SET repl-backlog-size.</summary>
    public void ResizeBacklog(long size) => Backlog?.Resize(size);

    /// <summary>
    /// Starts a snapshot for the replicas waiting for one that ask for the same RDB as the first of them
    /// (cf. startBgsaveForReplication; the others wait for the next): diskless when repl-diskless-sync
    /// is on, or the RDB is filtered, and every one of them can read it, to disk otherwise. Each gets
    /// +FULLRESYNC with the offset its stream will continue from.
    /// </summary>
    private void StartSnapshot()
    {
        bool allEof = true;
        RdbExclusions? exclusions = null;
        foreach (var client in _replicas)
        {
            var replica = client.Replica!;
            if (replica.State != ReplicaSyncState.WaitBgsaveStart) continue;
            exclusions ??= replica.Exclusions;
            if (replica.Exclusions == exclusions && !replica.CapaEof) allEof = false;
        }
        var request = exclusions ?? RdbExclusions.None;
        bool socketTarget = (server.Config.ReplDisklessSync || request != RdbExclusions.None) && allEof;
        Log.Notice($"Starting BGSAVE for SYNC with target: {(socketTarget ? "replicas sockets" : "disk")}");
        if (!socketTarget)
        {
            if (!server.Saver.Start())
            {
                Log.Warning("BGSAVE for replication failed");
                FailWaiting();
                return;
            }
            _diskSyncRunning = true;
            SetupWaitingForFullResync(null, request);
            return;
        }
        var targets = new List<Client>();
        SetupWaitingForFullResync(targets, request);
        _diskless = new DisklessSync(server, targets, OutputAdded ?? (_ => { }), _selectedDb == -1 ? 0 : _selectedDb, request);
        server.SnapshotRunner.Start(Persistence.SnapshotJobKind.ReplicaSockets, _diskless.Snapshot, _diskless, DisklessSyncDone);
    }

    // cf. replicationSetupSlaveForFullResync: +FULLRESYNC, and SELECT again in the stream that follows.
    private void SetupWaitingForFullResync(List<Client>? targets, RdbExclusions request)
    {
        _selectedDb = -1;
        foreach (var client in _replicas)
        {
            var replica = client.Replica!;
            if (replica.State != ReplicaSyncState.WaitBgsaveStart || replica.Exclusions != request) continue;
            replica.State = ReplicaSyncState.WaitBgsaveEnd;
            replica.InitialOffset = State.MasterReplOffset;
            if (!replica.PrePsync)
                client.Reply.Raw(System.Text.Encoding.ASCII.GetBytes($"+FULLRESYNC {State.ReplId} {State.MasterReplOffset}\r\n"));
            OutputAdded?.Invoke(client);
            targets?.Add(client);
        }
    }

    // The snapshot could not start: the replicas waiting for it are told and closed (cf. startBgsaveForReplication's failure path).
    private void FailWaiting()
    {
        foreach (var client in _replicas.ToArray())
        {
            if (client.Replica!.State != ReplicaSyncState.WaitBgsaveStart) continue;
            client.Reply.Error("ERR BGSAVE failed, replication can't continue");
            client.CloseAfterReply = true;
            OutputAdded?.Invoke(client);
            _replicas.Remove(client);
            client.Replica.IsReplica = false;
        }
    }

    /// <summary>A replica's connection closed (cf. freeClient's slave branch).</summary>
    public void Remove(Client client)
    {
        if (client.Replica is not { IsReplica: true } replica) return;
        replica.BulkFile?.Dispose();
        replica.BulkFile = null;
        _waitingAcks.Remove(client);
        if (!_replicas.Remove(client)) return;
        if (_diskless is { } sync && sync.Targets.Remove(client) && sync.Targets.Count == 0)
        {
            Log.Warning("Diskless rdb transfer, last replica dropped, killing fork child.");
            server.SnapshotRunner.Abort();
            _diskless = null;
        }
        Log.Notice($"Connection with replica {Name(client)} lost.");
        if (_replicas.Count == 0) _noReplicasSinceMs = Clock.UnixMs;
        RefreshGoodReplicas();
    }

    // ---- the snapshot's turns -------------------------------------------------------------------

    /// <summary>True when <see cref="RunTurn"/> would do work now (the loop does not sleep in Select then).</summary>
    public bool WantsTurn => HasBulkToSend();

    /// <summary>The loop's turn, after the snapshot runner's: the next chunk of the saved file for each replica receiving one.</summary>
    public void RunTurn()
    {
        if (HasBulkToSend()) SendBulkChunks();
    }

    // The snapshot runner's call: every target has the whole RDB in its output (cf. updateSlavesWaitingBgsave's socket branch).
    private void DisklessSyncDone(bool success)
    {
        var sync = _diskless!;
        _diskless = null;
        foreach (var client in sync.Targets)
        {
            // Online, but the stream waits for the first ACK.
            Log.Notice($"Streamed RDB transfer with replica {Name(client)} succeeded (socket). Waiting for REPLCONF ACK from replica to enable streaming");
            PutOnline(client);
            client.Replica!.StartStreamOnAck = true;
        }
        StartPendingIfAny();
    }

    /// <summary>BGSAVE ended (the saver's hook): replicas waiting for that file start receiving it (cf. updateSlavesWaitingBgsave).</summary>
    public void BackgroundSaveDone(bool success)
    {
        if (!_diskSyncRunning) return;
        _diskSyncRunning = false;
        string path = Persistence.Rdb.RdbFile.DefaultPath(server);
        foreach (var client in _replicas.ToArray())
        {
            var replica = client.Replica!;
            if (replica.State != ReplicaSyncState.WaitBgsaveEnd) continue;
            FileStream? file = null;
            try
            {
                if (success) file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            }
            catch (IOException e)
            {
                Log.Warning($"SYNC failed. Can't open/stat DB after BGSAVE: {e.Message}");
            }
            if (file is null)
            {
                if (!success) Log.Warning("SYNC failed. BGSAVE child returned an error");
                server.Kill(client);
                continue;
            }
            replica.BulkFile = file;
            replica.State = ReplicaSyncState.SendBulk;
            client.Reply.Raw(System.Text.Encoding.ASCII.GetBytes($"${file.Length}\r\n"));
            OutputAdded?.Invoke(client);
        }
        StartPendingIfAny();
    }

    private bool HasBulkToSend()
    {
        foreach (var client in _replicas)
        {
            if (client.Replica!.BulkFile is not null && client.Reply.PendingBytes < DisklessSync.MaxUnsentBytes) return true;
        }
        return false;
    }

    // cf. sendBulkToSlave: the file a chunk at a time, as far as the replica's output has room; then online with the stream.
    private void SendBulkChunks()
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var client in _replicas)
            {
                var replica = client.Replica!;
                if (replica.BulkFile is not { } file) continue;
                while (client.Reply.PendingBytes < DisklessSync.MaxUnsentBytes)
                {
                    int read = file.Read(chunk, 0, ChunkBytes);
                    if (read == 0) break;
                    client.Reply.Raw(chunk.AsSpan(0, read));
                }
                OutputAdded?.Invoke(client);
                if (file.Position < file.Length) continue;
                file.Dispose();
                replica.BulkFile = null;
                PutOnline(client);
                StartStream(client);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    // cf. replicaPutOnline: an rdb-only replica is never online.
    private void PutOnline(Client client)
    {
        var replica = client.Replica!;
        if (replica.RdbOnly) return;
        replica.State = ReplicaSyncState.Online;
        replica.AckTimeMs = Clock.UnixMs;
        Log.Notice($"Synchronization with replica {Name(client)} succeeded");
        RefreshGoodReplicas();
    }

    /// <summary>The writes held during the sync follow the RDB (cf. replicaStartCommandStream).</summary>
    private void StartStream(Client client)
    {
        var replica = client.Replica!;
        replica.StartStreamOnAck = false;
        if (replica.RdbOnly)
        {
            Log.Notice($"Close the connection with replica {Name(client)} as RDB transfer is complete");
            client.CloseAfterReply = true;
            OutputAdded?.Invoke(client);
            return;
        }
        if (replica.Pending is { } pending)
        {
            client.Reply.Raw(pending.WrittenSpan);
            replica.Pending = null;
        }
        OutputAdded?.Invoke(client);
    }

    // Replicas that arrived while a snapshot was running get the next one (cf. replicationStartPendingFork).
    private void StartPendingIfAny()
    {
        if (server.HasActiveChild) return;
        int waiting = 0;
        long maxIdleSeconds = 0;
        long now = Clock.UnixMs;
        RdbExclusions? request = null;
        foreach (var client in _replicas)
        {
            var replica = client.Replica!;
            if (replica.State != ReplicaSyncState.WaitBgsaveStart) continue;
            request ??= replica.Exclusions;
            if (replica.Exclusions != request) continue; // a replica asking for another RDB waits for the next snapshot
            waiting++;
            maxIdleSeconds = Math.Max(maxIdleSeconds, (now - replica.WaitingSinceMs) / 1000);
        }
        if (waiting == 0) return;
        var config = server.Config;
        if (!config.ReplDisklessSync || (config.ReplDisklessSyncMaxReplicas > 0 && waiting >= config.ReplDisklessSyncMaxReplicas)
            || maxIdleSeconds >= config.ReplDisklessSyncDelay)
            StartSnapshot();
    }

    // ---- acknowledgements and WAIT ------------------------------------------------------------------

    /// <summary>REPLCONF ACK from a replica (cf. its branch in replconfCommand).</summary>
    public void Acknowledged(Client client, long offset)
    {
        var replica = client.Replica!;
        if (offset > replica.AckOffset) replica.AckOffset = offset;
        replica.AckTimeMs = Clock.UnixMs;
        if (replica.StartStreamOnAck && replica.State == ReplicaSyncState.Online) StartStream(client);
        if (_waitingAcks.Count > 0) ServeWaitingClients();
    }

    /// <summary>Online replicas that acknowledged at least <paramref name="offset"/> (cf. replicationCountAcksByOffset).</summary>
    public int CountAcks(long offset)
    {
        int count = 0;
        foreach (var client in _replicas)
        {
            var replica = client.Replica!;
            if (replica.State == ReplicaSyncState.Online && replica.AckOffset >= offset) count++;
        }
        return count;
    }

    /// <summary>WAIT blocked <paramref name="client"/>: it is served once enough replicas ACKed its offset; an ACK is asked for before the loop sleeps.</summary>
    public void AddWaiting(Client client)
    {
        _waitingAcks.Add(client);
        _getAckRequested = true;
    }

    /// <summary>WAIT's client stopped waiting (timeout, CLIENT UNBLOCK, disconnection).</summary>
    public void RemoveWaiting(Client client) => _waitingAcks.Remove(client);

    // cf. processClientsWaitingReplicas.
    private void ServeWaitingClients()
    {
        _scratch.AddRange(_waitingAcks);
        foreach (var client in _scratch)
        {
            int acks = CountAcks(client.Block.WaitOffset);
            if (acks < client.Block.Count) continue;
            client.Reply.Integer(acks);
            server.Blocking.Unblock(client);
        }
        _scratch.Clear();
    }

    /// <summary>
    /// Before the loop sleeps (cf. beforeSleep): a WAIT that blocked this cycle asks every replica for an
    /// ACK with REPLCONF GETACK *, which is part of the stream and advances the offset.
    /// </summary>
    public void BeforeSleep()
    {
        if (!_getAckRequested) return;
        _getAckRequested = false;
        if (Backlog is null || server.Blocking.Pause != PauseMode.Off) return;
        Write("*3\r\n$8\r\nREPLCONF\r\n$6\r\nGETACK\r\n$1\r\n*\r\n"u8);
    }

    // ---- cron -----------------------------------------------------------------------------------

    /// <summary>
    /// Every server cron tick: start a snapshot for replicas that wait, recount the good replicas.
    /// Once a second (cf. replicationCron): PING the replicas every repl-ping-replica-period seconds,
    /// a newline to the ones still waiting for a snapshot, drop the ones silent past repl-timeout,
    /// free the backlog after repl-backlog-ttl without replicas.
    /// </summary>
    public void Cron()
    {
        var config = server.Config;
        long now = Clock.UnixMs;
        StartPendingIfAny();
        RefreshGoodReplicas();
        if (now - _lastCronMs < 1000) return;
        _lastCronMs = now;
        if (_replicas.Count > 0 && Backlog is not null && _cronLoops % config.ReplPingReplicaPeriod == 0
            && server.Blocking.Pause == PauseMode.Off)
        {
            Write("*1\r\n$4\r\nping\r\n"u8); // lower case, as shared.ping
        }
        _cronLoops++;
        foreach (var client in _replicas)
        {
            var replica = client.Replica!;
            bool waitingForSnapshot = replica.State == ReplicaSyncState.WaitBgsaveStart
                || (replica.State == ReplicaSyncState.WaitBgsaveEnd && _diskless is null);
            if (waitingForSnapshot)
            {
                client.Reply.Raw("\n"u8);
                OutputAdded?.Invoke(client);
            }
            if (replica.State == ReplicaSyncState.Online && now - replica.AckTimeMs > ReplTimeoutSeconds() * 1000)
            {
                Log.Warning($"Disconnecting timedout replica (streaming sync): {Name(client)}");
                server.Kill(client);
            }
        }
        if (_replicas.Count == 0 && Backlog is not null && config.ReplBacklogTtl > 0 && !State.IsReplica
            && (now - _noReplicasSinceMs) / 1000 > config.ReplBacklogTtl)
        {
            State.ReplId = ReplicationState.NewReplId();
            State.ReplId2 = new string('0', 40);
            State.SecondReplIdOffset = -1;
            Backlog = null;
            Log.Notice($"Replication backlog freed after {config.ReplBacklogTtl} seconds without connected replicas.");
        }
    }

    // repl-timeout is shared with the replica side, which declares it; read through the table.
    private long ReplTimeoutSeconds() => long.TryParse(server.Config.Find("repl-timeout")?.Get(), out long seconds) ? seconds : 60;

    /// <summary>cf. refreshGoodSlavesCount: online replicas that ACKed within min-replicas-max-lag seconds.</summary>
    public void RefreshGoodReplicas()
    {
        var config = server.Config;
        long now = Clock.UnixMs;
        int good = 0;
        foreach (var client in _replicas)
        {
            var replica = client.Replica!;
            if (replica.State == ReplicaSyncState.Online && (now - replica.AckTimeMs) / 1000 <= config.MinReplicasMaxLag) good++;
        }
        GoodReplicas = good;
    }

    /// <summary>False when min-replicas-to-write is not met: writes get NOREPLICAS (cf. checkGoodReplicasStatus).</summary>
    public bool EnoughGoodReplicas
    {
        get
        {
            var config = server.Config;
            return State.IsReplica || config.MinReplicasMaxLag == 0 || config.MinReplicasToWrite == 0 || GoodReplicas >= config.MinReplicasToWrite;
        }
    }

    /// <summary>"ip:port" as Redis's logs name a replica (cf. replicationGetSlaveName).</summary>
    public static string Name(Client client)
    {
        var replica = client.Replica!;
        return replica.ListeningPort != 0 ? $"{replica.Ip(client)}:{replica.ListeningPort}" : $"{replica.Ip(client)}:<unknown-replica-port>";
    }
}
