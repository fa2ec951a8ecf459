// This server as a replica: the link to its primary, from the connect through the handshake and the
// full or partial sync to the master client that applies the primary's command stream.
// cf. replicationSetMaster, connectWithMaster, syncWithMaster, slaveTryPartialResynchronization,
// readSyncBulkPayload, replicationCreateMasterClient, replicationCacheMaster, replicationCron in replication.c.

using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using EventLoopRedis.Commands;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Replication;

/// <summary>
/// The link is one client of the event loop, served by one coroutine (<see cref="Run"/>) that reads as a
/// story: connect, PING, AUTH, REPLCONF, PSYNC, receive the payload, load it, then apply the stream. It
/// waits like any client (<see cref="Step.NeedInput"/>) and in two ways of its own, each a value of the
/// yield the loop handles in one place: <see cref="Step.Connecting"/> (the non-blocking connect) and
/// <see cref="Step.Loading"/> (the payload loading on a background thread into fresh databases, swapped in
/// when complete, while every other client is served the old data). The link's client is unlisted until
/// it syncs; then it is the master client (flag M): its commands run through the executor with no replies,
/// and its offset advances by the bytes of each command applied.
/// </summary>
internal sealed class MasterLink(RedisServer server)
{
    private ReplicationState State => server.Replication;

    /// <summary>The link's client, from the connect on (the master client once synced); null while there is none.</summary>
    public Client? Client { get; private set; }

    /// <summary>True while a command of the primary's stream runs: expired keys then read as present (cf. expireIfNeeded).</summary>
    public bool Applying { get; private set; }

    /// <summary>Set by the loop: starts serving a new link client with its coroutine.</summary>
    public Action<Client, IEnumerator<Step>>? Attach { get; set; }

    /// <summary>Set by the loop: a client has output to flush (an ACK sent by the cron).</summary>
    public Action<Client>? OutputAdded { get; set; }

    /// <summary>True once the background load of the payload has ended, loaded or failed: the loop then resumes the link.</summary>
    public bool LoadFinished => _load is { IsCompleted: true };

    // What PSYNC can continue from (cf. server.cached_master): the replication id and offset in State,
    // and the database the stream had selected.
    private bool _hasCachedMaster;
    private int _cachedDb;

    private Task<RdbLoadResult>? _load;
    private bool _cronScheduled;

    // ---- REPLICAOF ---------------------------------------------------------------------------

    /// <summary>
    /// Follows <paramref name="host"/>:<paramref name="port"/> from now on (cf. replicationSetMaster). A former
    /// primary offers its own history to PSYNC, so a primary that was its replica can continue with it;
    /// <paramref name="atStartup"/> (the replicaof directive) has no history to offer.
    /// </summary>
    public void SetMaster(string host, int port, bool atStartup = false)
    {
        bool wasPrimary = !State.IsReplica;
        Log.IsReplica = true;
        State.MasterHost = host;
        State.MasterPort = port;
        server.Config.ReplicaOfHost = host;
        server.Config.ReplicaOfPort = port;
        DropLink(cache: true);
        DisconnectBlockedClients();
        DisconnectReplicas();
        if (wasPrimary && !atStartup)
        {
            Log.Notice("Before turning into a replica, using my own master parameters to synthesize a cached master: " +
                "I may be able to synchronize with the new master with just a partial transfer.");
            _hasCachedMaster = true;
            _cachedDb = 0;
        }
        State.LinkState = ReplicaLinkState.Connect;
        if (!_cronScheduled && server.Timers is { } timers)
        {
            timers.Add(1000, Cron);
            _cronScheduled = true;
        }
        Connect();
    }

    /// <summary>
    /// Clients blocked on keys (or in WAIT) get an error and are closed: the data they wait on is about to
    /// be replaced by the primary's. Commands held by CLIENT PAUSE are not blocked in that sense: they run,
    /// or are refused, when the pause ends (cf. disconnectAllBlockedClients).
    /// </summary>
    // No chained replication here: our own replicas would need the primary's stream proxied into the
    // backlog with the primary's offsets, so they are let go (cf. disconnectSlaves) and refused until promotion.
    private void DisconnectReplicas()
    {
        foreach (var replica in server.Replicas.All.ToArray()) server.Kill(replica);
    }

    private void DisconnectBlockedClients()
    {
        List<Client>? blocked = null;
        foreach (var client in server.Clients.Values)
        {
            if (client.BlockType is not (BlockType.None or BlockType.Postpone)) (blocked ??= new()).Add(client);
        }
        if (blocked is null) return;
        foreach (var client in blocked)
        {
            client.Reply.Error(Protocol.Errors.UnblockedByReplicaOf);
            client.CloseAfterReply = true; // set first: the loop then flushes it and closes it instead of resuming it
            server.Blocking.Unblock(client);
        }
    }

    /// <summary>
    /// REPLICAOF NO ONE: stops following, keeps the data, and starts a new history whose past is the old
    /// one up to this offset, so replicas of the old primary may still PSYNC here (cf. replicationUnsetMaster).
    /// </summary>
    public void Unset()
    {
        State.MasterHost = null;
        server.Config.ReplicaOfHost = null;
        ShiftReplicationId();
        server.Replicas.Promoted();
        Log.IsReplica = false;
        DropLink(cache: false);
        _hasCachedMaster = false;
        State.LinkState = ReplicaLinkState.None;
        State.LinkDownSinceMs = 0;
    }

    /// <summary>cf. shiftReplicationId: the current id becomes the secondary, valid up to the next offset.</summary>
    private void ShiftReplicationId()
    {
        State.ReplId2 = State.ReplId;
        State.SecondReplIdOffset = State.MasterReplOffset + 1;
        State.ReplId = ReplicationState.NewReplId();
        Log.Notice($"Setting secondary replication ID to {State.ReplId2}, valid up to offset: {State.SecondReplIdOffset}. " +
            $"New replication ID is {State.ReplId}");
    }

    /// <summary>
    /// Ends the link the loop still serves, if any; the loop closes its socket at the end of the cycle. A
    /// synced link is cached (<paramref name="cache"/>), so the next connection can PSYNC where it stopped.
    /// </summary>
    private void DropLink(bool cache)
    {
        var client = Client;
        if (client is null) return;
        Client = null;
        if (State.LinkState == ReplicaLinkState.Connected)
        {
            State.LinkDownSinceMs = Clock.UnixMs;
            if (cache)
            {
                Log.Notice("Caching the disconnected master state.");
                _hasCachedMaster = true;
                _cachedDb = client.Db.Id;
            }
        }
        State.LinkState = State.IsReplica ? ReplicaLinkState.Connect : ReplicaLinkState.None;
        State.AsyncLoading = false;
        State.MasterLastIoMs = 0;
        server.Kill(client);
    }

    /// <summary>The loop closed the link's client (the primary hung up, CLIENT KILL, a protocol error): cf. freeClient of the master.</summary>
    public void Closed(Client client)
    {
        if (client != Client) return;
        if (State.LinkState == ReplicaLinkState.Connected) Log.Notice("Connection with master lost.");
        DropLink(cache: true);
    }

    // ---- the cron ----------------------------------------------------------------------------

    /// <summary>
    /// Once a second while a replica (cf. replicationCron): drops a link silent past repl-timeout, connects
    /// when there is no link, and acknowledges the offset applied.
    /// </summary>
    private int Cron()
    {
        if (!State.IsReplica)
        {
            _cronScheduled = false;
            return -1;
        }
        long now = Clock.UnixMs;
        long timeoutMs = server.Config.ReplTimeout * 1000;
        if (Client is { } client && now - client.LastInteractionMs > timeoutMs && !State.AsyncLoading)
        {
            switch (State.LinkState)
            {
                case ReplicaLinkState.Connecting or ReplicaLinkState.Handshake:
                    Log.Warning("Timeout connecting to the MASTER...");
                    break;
                case ReplicaLinkState.Transfer:
                    Log.Warning("Timeout receiving bulk data from MASTER... If the problem persists try to set the " +
                        "'repl-timeout' parameter in redis.conf to a larger value.");
                    break;
                default:
                    Log.Warning("MASTER timeout: no data nor PING received...");
                    break;
            }
            DropLink(cache: true);
        }
        if (State.LinkState == ReplicaLinkState.Connect && Client is null) Connect();
        if (State.LinkState == ReplicaLinkState.Connected && Client is { } master) SendAck(master);
        return 1000;
    }

    // ---- the link's story ----------------------------------------------------------------------

    /// <summary>Starts a non-blocking connect and hands the new client to the loop (cf. connectWithMaster).</summary>
    private void Connect()
    {
        Log.Notice($"Connecting to MASTER {State.MasterHost}:{State.MasterPort}");
        Socket socket;
        try
        {
            var address = IPAddress.TryParse(State.MasterHost, out var parsed) ? parsed : Dns.GetHostAddresses(State.MasterHost!)[0];
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false, NoDelay = true };
            try
            {
                socket.Connect(new IPEndPoint(address, State.MasterPort));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                // Connecting: the socket turns writable when it is done.
            }
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            Log.Warning($"Unable to connect to MASTER: {e.Message}");
            return;
        }
        Log.Notice("MASTER <-> REPLICA sync started");
        var client = server.CreateClient(socket, listed: false);
        client.IsMaster = true;
        client.MustObey = true;
        client.Authenticated = true;
        Client = client;
        State.LinkState = ReplicaLinkState.Connecting;
        Attach!(client, Run(client));
    }

    /// <summary>
    /// The link's coroutine. Every failure logs Redis's line and yields <see cref="Step.Close"/>: the loop
    /// closes the socket, <see cref="Closed"/> puts the state back to "connect", and the cron tries again.
    /// </summary>
    private IEnumerator<Step> Run(Client client)
    {
        // The non-blocking connect: Select reports the socket writable once it has succeeded or failed.
        yield return Step.Connecting;
        int error = (int)client.Socket!.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != 0)
        {
            Log.Warning($"Error condition on socket for SYNC: {Marshal.GetPInvokeErrorMessage(error)}");
            yield return Fail(client);
            yield break;
        }
        client.ReadAddresses();
        Log.Notice("Non blocking connect for SYNC fired the event.");
        State.LinkState = ReplicaLinkState.Handshake;

        // The handshake (cf. syncWithMaster). PING first: an error other than an authentication one ends it.
        Send(client, "PING");
        string? reply;
        while ((reply = ReadLine(client)) is null) yield return Step.NeedInput;
        if (reply.StartsWith('-') && !reply.StartsWith("-NOAUTH", StringComparison.Ordinal) && !reply.StartsWith("-NOPERM", StringComparison.Ordinal)
            && !reply.StartsWith("-ERR operation not permitted", StringComparison.Ordinal))
        {
            Log.Warning($"Error reply to PING from master: '{reply}'");
            yield return Fail(client);
            yield break;
        }
        Log.Notice("Master replied to PING, replication can continue...");

        var config = server.Config;
        if (config.MasterAuth.Length > 0)
        {
            if (config.MasterUser.Length > 0) Send(client, "AUTH", config.MasterUser, config.MasterAuth);
            else Send(client, "AUTH", config.MasterAuth);
            while ((reply = ReadLine(client)) is null) yield return Step.NeedInput;
            if (reply.StartsWith('-'))
            {
                Log.Warning($"Unable to AUTH to MASTER: {reply}");
                yield return Fail(client);
                yield break;
            }
        }
        Send(client, "REPLCONF", "listening-port", config.Port.ToString(CultureInfo.InvariantCulture));
        while ((reply = ReadLine(client)) is null) yield return Step.NeedInput;
        if (reply.StartsWith('-')) Log.Notice($"(Non critical) Master does not understand REPLCONF listening-port: {reply}");
        Send(client, "REPLCONF", "capa", "eof", "capa", "psync2");
        while ((reply = ReadLine(client)) is null) yield return Step.NeedInput;
        if (reply.StartsWith('-')) Log.Notice($"(Non critical) Master does not understand REPLCONF capa: {reply}");

        // PSYNC: continue the history we have (cf. slaveTryPartialResynchronization), or ask for everything.
        if (_hasCachedMaster)
        {
            long from = State.MasterReplOffset + 1;
            Log.Notice($"Trying a partial resynchronization (request {State.ReplId}:{from}).");
            Send(client, "PSYNC", State.ReplId, from.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            Log.Notice("Partial resynchronization not possible (no cached master)");
            Send(client, "PSYNC", "?", "-1");
        }
        // The primary may send empty lines to keep the link alive before it answers.
        while ((reply = ReadLine(client)) is null or "") yield return Step.NeedInput;

        if (reply.StartsWith("+CONTINUE", StringComparison.Ordinal))
        {
            Log.Notice("Successful partial resynchronization with master.");
            string newId = reply.Length > 10 ? reply[10..].Trim() : "";
            if (newId.Length == 40 && newId != State.ReplId)
            {
                // The primary was promoted since: our history goes on under its new id (cf. the psync2 branch).
                State.ReplId2 = State.ReplId;
                State.SecondReplIdOffset = State.MasterReplOffset + 1;
                State.ReplId = newId;
                Log.Notice($"Master replication ID changed to {newId}");
            }
            State.MasterReadOffset = State.MasterReplOffset;
            server.Replicas.ContinuePrimaryHistory(State.MasterReplOffset);
            Log.Notice("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
            BecomeMaster(client, _cachedDb);
        }
        else if (reply.StartsWith("+FULLRESYNC", StringComparison.Ordinal))
        {
            var words = reply.Split(' ');
            if (words.Length < 3 || words[1].Length != 40 || !long.TryParse(words[2], CultureInfo.InvariantCulture, out long initialOffset))
            {
                Log.Warning("Master replied with wrong +FULLRESYNC syntax.");
                yield return Fail(client);
                yield break;
            }
            string masterReplId = words[1];
            Log.Notice($"Full resync from master: {masterReplId}:{initialOffset}");
            if (_hasCachedMaster) Log.Notice("Discarding previously cached master state.");
            _hasCachedMaster = false;

            // The payload: read in the pieces the loop reads, into a temporary file.
            State.LinkState = ReplicaLinkState.Transfer;
            State.SyncReadBytes = 0;
            string? header;
            while ((header = ReadLine(client)) is null or "") yield return Step.NeedInput;
            if (header.StartsWith('-'))
            {
                Log.Warning($"MASTER aborted replication with an error: {header[1..]}");
                yield return Fail(client);
                yield break;
            }
            var payload = MasterLinkPayload.Open(header, config.Dir, out string headerError);
            if (payload is null)
            {
                Log.Warning(headerError);
                yield return Fail(client);
                yield break;
            }
            using (payload)
            {
                State.SyncTotalBytes = payload.Length;
                Log.Notice(payload.UsesEofMark
                    ? "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk"
                    : $"MASTER <-> REPLICA sync: receiving {payload.Length} bytes from master to disk");
                while (true)
                {
                    int taken = payload.Append(client.Query.Unconsumed);
                    client.Query.Consume(taken);
                    State.SyncReadBytes = payload.Received;
                    State.SyncLastIoMs = client.LastInteractionMs;
                    if (payload.Complete) break;
                    yield return Step.NeedInput;
                }

                // Loading: on a background thread, into databases nothing else sees, while the loop serves
                // everyone the old data (as Redis's async loading with repl-diskless-load swapdb).
                Log.Notice("MASTER <-> REPLICA sync: Loading DB in memory");
                var fresh = new Database[server.Databases.Length];
                for (int i = 0; i < fresh.Length; i++) fresh[i] = new Database(i, server.Stats) { Access = server.Access };
                var functionCodes = new List<byte[]>();
                string path = payload.Path;
                State.AsyncLoading = true;
                _load = Task.Run(() =>
                {
                    using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
                    return RdbLoader.Load(file, server, fresh, functionCodes, RdbLoadFlags.KeepExpired);
                });
                yield return Step.Loading;
                State.AsyncLoading = false;
                var load = _load;
                _load = null;
                if (load.IsFaulted)
                {
                    Log.Warning($"Failed trying to load the MASTER synchronization DB from disk, check server logs. ({load.Exception!.InnerException!.Message})");
                    yield return Fail(client);
                    yield break;
                }
                SwapIn(fresh, functionCodes);
            }
            State.ReplId = masterReplId;
            State.ReplId2 = new string('0', 40);
            State.SecondReplIdOffset = -1;
            State.MasterReplOffset = initialOffset;
            State.MasterReadOffset = initialOffset;
            server.Replicas.StartPrimaryHistory(initialOffset);
            Log.Notice("MASTER <-> REPLICA sync: Finished with success");
            BecomeMaster(client, 0);
            // After a diskless transfer the primary sends the stream only once we ACK (repl_start_cmd_stream_on_ack).
            if (State.SyncTotalBytes == -1) SendAck(client);
        }
        else
        {
            if (reply.StartsWith("-NOMASTERLINK", StringComparison.Ordinal) || reply.StartsWith("-LOADING", StringComparison.Ordinal))
                Log.Notice($"Master is currently unable to PSYNC but should be in the future: {reply}");
            else Log.Warning($"Unexpected reply to PSYNC from master: {reply}");
            yield return Fail(client);
            yield break;
        }

        // The master client: apply the stream, one command per resume, as any client runs its commands.
        long pendingInMulti = 0;
        var heldInMulti = new ArrayBufferWriter<byte>();
        while (Client == client)
        {
            var status = client.Parser.Parse(client.Query, client.Args, authRequired: false, config.ProtoMaxBulkLen);
            if (status == Protocol.ParseStatus.Incomplete)
            {
                yield return Step.NeedInput;
                continue;
            }
            if (status == Protocol.ParseStatus.Error)
            {
                Log.Warning($"Protocol error from master: {client.Parser.Error}");
                yield return Fail(client);
                yield break;
            }
            int consumed = client.Parser.Consumed;
            State.MasterReadOffset += consumed;
            if (client.Args.Count >= 2 && client.Args.Is(0, "REPLCONF"u8) && client.Args.Is(1, "GETACK"u8))
            {
                SendAck(client); // the offset before this command, as replconfCommand answers it
            }
            else
            {
                Apply(client);
                while (client.BlockType == BlockType.Postpone) // held by CLIENT PAUSE: run it once the pause ends
                {
                    yield return Step.Blocked;
                    Apply(client);
                }
                if (client.CloseAfterReply)
                {
                    yield return Fail(client);
                    yield break;
                }
            }
            // The offset moves by whole commands, and by a whole transaction at its EXEC (cf. commandProcessed),
            // and the bytes it moves past go to this server's backlog (cf. replicationFeedStreamFromMasterStream).
            var command = client.Query.Unconsumed[..consumed];
            pendingInMulti += consumed;
            if (client.Multi is null)
            {
                if (heldInMulti.WrittenCount > 0)
                {
                    heldInMulti.Write(command);
                    server.Replicas.FeedFromPrimary(heldInMulti.WrittenSpan);
                    heldInMulti.ResetWrittenCount();
                }
                else server.Replicas.FeedFromPrimary(command);
                State.MasterReplOffset += pendingInMulti;
                pendingInMulti = 0;
            }
            else heldInMulti.Write(command);
            client.Query.Consume(consumed);
            State.MasterLastIoMs = client.LastInteractionMs;
            yield return Step.RanCommand;
        }
        yield return Fail(client);
    }

    /// <summary>Runs the parsed command of the primary's stream; its reply goes nowhere (cf. CLIENT_MASTER in prepareClientToWrite).</summary>
    private void Apply(Client client)
    {
        int mark = client.Reply.PendingBytes;
        Applying = true;
        try
        {
            ClientCoroutine.ExecuteGuarded(client, server.Executor);
        }
        finally
        {
            Applying = false;
        }
        client.Reply.TruncatePending(mark);
    }

    /// <summary>The link ends here: the loop closes it (and <see cref="Closed"/> follows).</summary>
    private static Step Fail(Client client)
    {
        client.CloseAfterReply = true;
        return Step.Close;
    }

    /// <summary>
    /// The loaded databases and libraries replace the old ones, on the loop (cf. the swap of
    /// disklessLoadDiscardTempDb's counterpart): watchers of the old keys see them change.
    /// </summary>
    private void SwapIn(Database[] fresh, List<byte[]> functionCodes)
    {
        // A background save of the old data would go on over the new tables: stopped, as killRDBChild in readSyncBulkPayload.
        if (server.Saver.InProgress) server.Saver.Abort();
        for (int i = 0; i < fresh.Length; i++)
        {
            var db = server.Databases[i];
            server.Watches.TouchAllInDb(db, fresh[i]);
            db.SwapWith(fresh[i]);
            server.Blocking.ScanForReadyKeys(db);
        }
        var functions = server.Scripting.Functions;
        var libraries = new Scripting.LibrarySet();
        foreach (var code in functionCodes)
        {
            if (functions.Create(code, replace: false, libraries, out string error) is null) Log.Warning($"Failed loading library, {error}");
        }
        functions.Replace(libraries);
        Persistence.Aof.AofControl.RestartAfterSync(server);
    }

    /// <summary>The synced link becomes the master client: listed (flag M), reading the stream from <paramref name="db"/>.</summary>
    private void BecomeMaster(Client client, int db)
    {
        client.Db = server.Databases[db];
        server.Clients.TryAdd(client.Id, client);
        State.LinkState = ReplicaLinkState.Connected;
        State.LinkDownSinceMs = 0;
        State.MasterLastIoMs = client.LastInteractionMs;
    }

    /// <summary>REPLCONF ACK with the offset applied so far (cf. replicationSendAck).</summary>
    private void SendAck(Client client)
    {
        string offset = State.MasterReplOffset.ToString(CultureInfo.InvariantCulture);
        client.Reply.Raw(Encoding.ASCII.GetBytes($"*3\r\n$8\r\nREPLCONF\r\n$3\r\nACK\r\n${offset.Length}\r\n{offset}\r\n"));
        OutputAdded?.Invoke(client);
    }

    /// <summary>Sends a command of the handshake, as a multibulk.</summary>
    private static void Send(Client client, params string[] words)
    {
        var text = new StringBuilder();
        text.Append('*').Append(words.Length).Append("\r\n");
        foreach (var word in words)
        {
            int length = Encoding.Latin1.GetByteCount(word);
            text.Append('$').Append(length).Append("\r\n").Append(word).Append("\r\n");
        }
        client.Reply.Raw(Encoding.Latin1.GetBytes(text.ToString()));
    }

    /// <summary>One reply line of the handshake without its CRLF, or null while it has not all arrived.</summary>
    private static string? ReadLine(Client client)
    {
        var buffered = client.Query.Unconsumed;
        int end = buffered.IndexOf((byte)'\n');
        if (end < 0) return null;
        int length = end > 0 && buffered[end - 1] == '\r' ? end - 1 : end;
        string line = Encoding.Latin1.GetString(buffered[..length]);
        client.Query.Consume(end + 1);
        return line;
    }
}
