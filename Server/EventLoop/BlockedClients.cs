// Clients whose command waits: for keys to be pushed to (BLPOP & co.), for a timeout (WAIT), or
// for CLIENT PAUSE to end. cf. blocked.c (blockForKeys, signalKeyAsReady, handleClientsBlockedOnKeys,
// unblockClient), timeout.c (the timeout table) and networking.c (pauseClients, blockPostponeClient).

using EventLoopRedis.Storage;

namespace EventLoopRedis.EventLoop;

/// <summary>Why a client is blocked (cf. c->btype and the BLOCKED_* values).</summary>
internal enum BlockType
{
    None,
    /// <summary>BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP: waits for a list key.</summary>
    List,
    /// <summary>BZPOPMIN, BZPOPMAX, BZMPOP: waits for a sorted set key.</summary>
    SortedSet,
    /// <summary>XREAD/XREADGROUP BLOCK: waits for a stream key.</summary>
    Stream,
    /// <summary>WAIT: waits until enough replicas acknowledged the client's writes, or its timeout.</summary>
    Wait,
    /// <summary>CLIENT PAUSE holds this client's command until the pause ends (BLOCKED_POSTPONE).</summary>
    Postpone,
}

/// <summary>What CLIENT PAUSE holds back (cf. CLIENT_PAUSE_OFF, CLIENT_PAUSE_WRITE, CLIENT_PAUSE_ALL).</summary>
internal enum PauseMode
{
    Off,
    /// <summary>Commands that write or may replicate (EVAL, PUBLISH, PFCOUNT...) wait; reads run.</summary>
    Write,
    /// <summary>Every command waits.</summary>
    All,
}

/// <summary>
/// The serve step of a blocked command, run when <paramref name="key"/> (one the receiver waits
/// on, holding a value of the type it waits for) is ready: it replies to the receiver and
/// returns true, or returns false to leave it waiting (say, a stream with no entry newer than
/// the one asked for). cf. serveClientBlockedOnList and genericZpopCommand's blocked path.
/// </summary>
internal delegate bool ServeBlocked(Client receiver, byte[] key, RedisObject value);

/// <summary>What a blocked client waits for (cf. c->bpop): kept on the client while it waits.</summary>
internal sealed class BlockState
{
    /// <summary>The keys, each once, in the order the command named them.</summary>
    public List<byte[]> Keys { get; } = new();

    /// <summary>The database the keys belong to: the one selected when the command blocked.</summary>
    public Database? Db { get; set; }

    /// <summary>Unix milliseconds when it times out; 0 waits forever.</summary>
    public long DeadlineMs { get; set; }

    /// <summary>The step that serves it once a key is ready (null for WAIT and postponed commands).</summary>
    public ServeBlocked? Serve { get; set; }

    /// <summary>What the command stored for its serve step (BLMOVE's destination and ends, a COUNT...).</summary>
    public long Count { get; set; }
    public bool FromHead { get; set; }
    public bool ToHead { get; set; }
    public byte[]? Target { get; set; }
    /// <summary>How long the command ran before it blocked: counted with its call when it is unblocked.</summary>
    public long CallMicroseconds { get; set; }
    /// <summary>The client's error replies before the command ran: an error it is served with fails the call.</summary>
    public long ErrorsBefore { get; set; }
    /// <summary>WAIT: the stream offset the replicas must acknowledge (<see cref="Count"/> holds how many).</summary>
    public long WaitOffset { get; set; }
    /// <summary>Anything else the serve step needs (XREAD's parsed request).</summary>
    public object? Context { get; set; }
}

/// <summary>
/// The server's side of blocking. A command that finds nothing to serve calls <see cref="Block"/>;
/// the client's coroutine then yields <see cref="Step.Blocked"/> and the loop stops resuming it.
/// Three things can end the wait, each calling <see cref="Unblock"/>, which hands the client back
/// to the loop (<see cref="ClientUnblocked"/>) with its reply written:
/// <list type="bullet">
/// <item>a write adds a list, sorted set or stream under a key somebody waits on: the database
/// reports it (<see cref="SignalKeyAsReady"/>), and once the writing command, transaction or
/// script has finished, the executor calls <see cref="HandleClientsBlockedOnKeys"/>, which runs
/// each waiter's serve step, first blocked first served;</item>
/// <item>its deadline passes: the loop calls <see cref="HandleTimeouts"/> every cycle;</item>
/// <item>CLIENT UNBLOCK, CLIENT UNPAUSE (or the pause's end), or the client disconnecting.</item>
/// </list>
/// A blocked client costs nothing per loop cycle: it is in no queue but the per-key FIFOs and,
/// when it has a deadline, the timeout table, both touched only when something happens to it.
/// </summary>
internal sealed class BlockedClients
{
    /// <summary>Per database: key -> the clients waiting on it, in the order they blocked (cf. db->blocking_keys).</summary>
    private readonly Dict<List<Client>>[] _waiting;

    /// <summary>Keys made ready since the last drain, each once, in the order they became ready (cf. server.ready_keys).</summary>
    private List<(Database Db, byte[] Key)> _readyKeys = new();
    private List<(Database Db, byte[] Key)> _readyKeysSpare = new();
    private readonly Dict<bool>[] _readyKeySet;

    /// <summary>Blocked clients with a deadline, soonest first (cf. server.clients_timeout_table).</summary>
    private readonly SortedSet<Client> _timeouts = new(Comparer<Client>.Create(static (a, b) =>
    {
        int byDeadline = a.Block.DeadlineMs.CompareTo(b.Block.DeadlineMs);
        return byDeadline != 0 ? byDeadline : a.Id.CompareTo(b.Id);
    }));

    /// <summary>Clients whose command waits for CLIENT PAUSE to end, in the order they arrived (cf. server.paused_clients).</summary>
    private readonly List<Client> _postponed = new();

    private readonly int[] _byType = new int[Enum.GetValues<BlockType>().Length];

    // Scratch lists reused by the drain and the timeout pass.
    private readonly List<Client> _serving = new();
    private readonly List<Client> _expired = new();

    public BlockedClients(int databases)
    {
        _waiting = new Dict<List<Client>>[databases];
        _readyKeySet = new Dict<bool>[databases];
        for (int i = 0; i < databases; i++)
        {
            _waiting[i] = new Dict<List<Client>>();
            _readyKeySet[i] = new Dict<bool>();
        }
    }

    /// <summary>The loop's hook: a client stopped waiting, with its reply written; resume it.</summary>
    public Action<Client>? ClientUnblocked { get; set; }

    /// <summary>Clients blocked on keys or WAIT, as INFO's blocked_clients counts them (paused ones are not).</summary>
    public int BlockedCount => _byType[(int)BlockType.List] + _byType[(int)BlockType.SortedSet]
        + _byType[(int)BlockType.Stream] + _byType[(int)BlockType.Wait];

    /// <summary>Blocked clients that have a deadline (INFO's clients_in_timeout_table).</summary>
    public int InTimeoutTable => _timeouts.Count;

    /// <summary>How many times a client was handed back to the loop: the event-loop tests count wake-ups with it.</summary>
    public long Unblocks { get; private set; }

    public bool HasReadyKeys => _readyKeys.Count > 0;

    /// <summary>How late, in ms, the last timeout fired after its deadline: tests check the granularity with it.</summary>
    public long LastTimeoutLatenessMs { get; private set; }

    /// <summary>
    /// True when the client may wait: not inside MULTI/EXEC (DenyBlocking) nor a script (the Lua
    /// pseudo-client has no socket). Otherwise a blocking command acts as its non-blocking form
    /// and, finding nothing, replies as on a timeout (cf. CLIENT_DENY_BLOCKING).
    /// </summary>
    public static bool CanBlock(Client client) => client.Socket is not null && !client.DenyBlocking;

    // ---- blocking ---------------------------------------------------------------------------

    /// <summary>
    /// Blocks <paramref name="client"/> on the <paramref name="keyCount"/> keys of its command from <paramref name="firstKey"/> until one is served, or until
    /// <paramref name="deadlineMs"/> (0: forever). The caller fills the serve parameters of
    /// <see cref="Client.Block"/> (Count, FromHead, Target...) after this. cf. blockForKeys.
    /// </summary>
    public BlockState BlockForKeys(Client client, BlockType type, int firstKey, int keyCount, long deadlineMs, ServeBlocked serve)
    {
        var state = client.Block;
        var waiting = _waiting[client.Db.Id];
        for (int index = firstKey; index < firstKey + keyCount; index++)
        {
            var key = client.Args[index];
            if (ContainsKey(state.Keys, key)) continue; // BLPOP k k 0 waits once on k
            var copy = key.ToArray();
            state.Keys.Add(copy);
            if (!waiting.TryGetValue(copy, out var clients))
            {
                clients = new List<Client>();
                waiting.TryAdd(copy, clients);
            }
            clients.Add(client);
        }
        state.Serve = serve;
        Enter(client, type, deadlineMs);
        return state;
    }

    /// <summary>Blocks a client with no keys: WAIT until its deadline.</summary>
    public void BlockForTimeout(Client client, BlockType type, long deadlineMs) => Enter(client, type, deadlineMs);

    /// <summary>Holds the command the client just sent until CLIENT PAUSE ends; it runs then (cf. blockPostponeClient).</summary>
    public void Postpone(Client client)
    {
        Enter(client, BlockType.Postpone, 0);
        _postponed.Add(client);
    }

    private void Enter(Client client, BlockType type, long deadlineMs)
    {
        client.BlockType = type;
        client.Block.Db = client.Db;
        client.Block.DeadlineMs = deadlineMs;
        // The query buffer keeps filling while the client waits and may be compacted under the
        // arguments, which the serve step (or the postponed command) still needs: keep a copy.
        client.Args = client.Args.Clone();
        _byType[(int)type]++;
        if (deadlineMs != 0) _timeouts.Add(client);
    }

    private static bool ContainsKey(List<byte[]> keys, ReadOnlySpan<byte> key)
    {
        foreach (var k in keys)
        {
            if (key.SequenceEqual(k)) return true;
        }
        return false;
    }

    // ---- unblocking ---------------------------------------------------------------------------

    /// <summary>
    /// Ends the wait: takes the client off every key's FIFO and the timeout table, counts the
    /// command's call, and hands it back to the loop. The reply is the caller's to write first.
    /// cf. unblockClient and updateStatsOnUnblock.
    /// </summary>
    public void Unblock(Client client)
    {
        if (client.BlockType == BlockType.None) return;
        long microseconds = client.Block.CallMicroseconds, errorsBefore = client.Block.ErrorsBefore;
        Leave(client);
        if (client.LastCommand is { } command)
            client.Server.Executor.CountCall(client, command, microseconds, errorsBefore);
        else client.Server.Stats.CommandsProcessed++;
        Unblocks++;
        ClientUnblocked?.Invoke(client);
    }

    /// <summary>A blocked client disconnected: forget it without a reply.</summary>
    public void Remove(Client client)
    {
        if (client.BlockType != BlockType.None) Leave(client);
    }

    private void Leave(Client client)
    {
        var state = client.Block;
        if (state.DeadlineMs != 0) _timeouts.Remove(client);
        if (client.BlockType == BlockType.Postpone) _postponed.Remove(client);
        if (client.BlockType == BlockType.Wait) client.Server.Replicas.RemoveWaiting(client);
        var waiting = _waiting[state.Db!.Id];
        foreach (var key in state.Keys)
        {
            if (!waiting.TryGetValue(key, out var clients)) continue;
            clients.Remove(client);
            if (clients.Count == 0) waiting.Remove(key);
        }
        _byType[(int)client.BlockType]--;
        client.BlockType = BlockType.None;
        state.Keys.Clear();
        state.Serve = null;
        state.Target = null;
        state.Context = null;
        state.Db = null;
        state.DeadlineMs = 0;
    }

    /// <summary>
    /// CLIENT UNBLOCK, and the timeout: replies what the command replies when its time is up (the
    /// null array; WAIT: the replicas that acknowledged), or the UNBLOCKED error, then unblocks.
    /// False when the client was not blocked in a way that can be cut short. cf. replyToBlockedClientTimedOut.
    /// </summary>
    public bool TimeOut(Client client, bool withError)
    {
        if (client.BlockType is BlockType.None or BlockType.Postpone) return false;
        if (withError) client.Reply.Error(Protocol.Errors.UnblockedByClientUnblock);
        else if (client.BlockType == BlockType.Wait) client.Reply.Integer(client.Server.Replicas.CountAcks(client.Block.WaitOffset));
        else client.Reply.NullArray();
        Unblock(client);
        return true;
    }

    // ---- ready keys -----------------------------------------------------------------------------

    /// <summary>
    /// A key was added to <paramref name="db"/> (the database's KeyAdded hook: dbAdd, and SWAPDB's
    /// rescan). If it holds a type someone may wait for and somebody waits on it, it joins the
    /// ready keys, once. Cheap when nobody waits: two comparisons. cf. signalKeyAsReady.
    /// </summary>
    public void SignalKeyAsReady(Database db, ReadOnlySpan<byte> key, RedisObject value)
    {
        var type = WaitedAs(value.Type);
        if (type == BlockType.None || _byType[(int)type] == 0) return;
        if (!_waiting[db.Id].TryGetEntry(key, out var storedKey, out _)) return;
        if (!_readyKeySet[db.Id].TryAdd(storedKey, true)) return;
        _readyKeys.Add((db, storedKey));
    }

    /// <summary>
    /// The kind of wait a value of <paramref name="type"/> can end (cf. getBlockedTypeByType).
    /// </summary>
    private static BlockType WaitedAs(RedisType type) => type switch
    {
        RedisType.List => BlockType.List,
        RedisType.ZSet => BlockType.SortedSet,
        RedisType.Stream => BlockType.Stream,
        _ => BlockType.None,
    };

    /// <summary>After SWAPDB: every waited-on key that now exists in <paramref name="db"/> may be ready (cf. scanDatabaseForReadyKeys).</summary>
    public void ScanForReadyKeys(Database db)
    {
        foreach (var entry in _waiting[db.Id])
        {
            if (db.Peek(entry.Key) is { } value) SignalKeyAsReady(db, entry.Key, value);
        }
    }

    /// <summary>
    /// Serves the clients waiting on the keys made ready since the last call, first blocked first
    /// served, until each key runs out. Called by the executor once a top-level command,
    /// transaction or script has finished, never in the middle of one. A serve may make more
    /// keys ready (BLMOVE pushes), so it runs until none are left. cf. handleClientsBlockedOnKeys.
    /// </summary>
    public void HandleClientsBlockedOnKeys()
    {
        while (_readyKeys.Count > 0)
        {
            var batch = _readyKeys;
            (_readyKeys, _readyKeysSpare) = (_readyKeysSpare, _readyKeys);
            foreach (var (db, key) in batch)
            {
                _readyKeySet[db.Id].Remove(key);
                ServeKey(db, key);
            }
            batch.Clear();
        }
    }

    private void ServeKey(Database db, byte[] key)
    {
        if (!_waiting[db.Id].TryGetValue(key, out var clients)) return;
        var value = db.Peek(key);
        if (value is null) return;
        var type = WaitedAs(value.Type);
        // A snapshot: serving takes clients off the FIFO as it goes.
        _serving.AddRange(clients);
        foreach (var receiver in _serving)
        {
            // Waiting for another type (BLPOP on a key that is now a sorted set): it keeps waiting.
            if (receiver.BlockType != type || receiver.Block.Serve is not { } serve) continue;
            // A snapshot in progress saves what serving changes first: the key, and BLMOVE's destination.
            db.AboutToChange(key);
            if (receiver.Block.Target is { } target) db.AboutToChange(target);
            if (ServeAsCurrent(receiver, serve, key, value)) Unblock(receiver);
            // Served until empty: the key is gone (or replaced), and the rest wait for the next push.
            if (!ReferenceEquals(db.Peek(key), value)) break;
        }
        _serving.Clear();
    }

    /// <summary>
    /// Serves <paramref name="receiver"/> as the client whose command runs (cf. server.current_client in
    /// handleClientsBlockedOnKeys): client tracking then sends the invalidations its command
    /// causes for itself after its reply, and NOLOOP spares it.
    /// </summary>
    private static bool ServeAsCurrent(Client receiver, ServeBlocked serve, byte[] key, RedisObject value)
    {
        var server = receiver.Server;
        var previous = server.Tracking.Enter(receiver);
        var executing = server.Executor.SetExecuting(receiver);
        bool served = serve(receiver, key, value);
        server.Executor.SetExecuting(executing);
        server.Tracking.Leave(previous);
        return served;
    }

    // ---- timeouts and pauses ------------------------------------------------------------------

    /// <summary>Milliseconds until the nearest deadline, or -1 when no blocked client has one (bounds Select's wait).</summary>
    public long MillisecondsUntilNextTimeout(long nowMs)
    {
        long next = _timeouts.Count == 0 ? -1 : Math.Max(0, _timeouts.Min!.Block.DeadlineMs - nowMs);
        if (Pause != PauseMode.Off)
        {
            long untilPauseEnd = Math.Max(0, PauseEndMs - nowMs + 1);
            next = next < 0 ? untilPauseEnd : Math.Min(next, untilPauseEnd);
        }
        return next;
    }

    /// <summary>Times out every client whose deadline has passed (cf. handleBlockedClientsTimeout).</summary>
    public void HandleTimeouts(long nowMs)
    {
        CheckPauseEnd(nowMs);
        if (_timeouts.Count == 0 || _timeouts.Min!.Block.DeadlineMs > nowMs) return;
        foreach (var client in _timeouts)
        {
            if (client.Block.DeadlineMs > nowMs) break;
            _expired.Add(client);
        }
        foreach (var client in _expired)
        {
            LastTimeoutLatenessMs = nowMs - client.Block.DeadlineMs;
            TimeOut(client, withError: false);
        }
        _expired.Clear();
    }

    /// <summary>The CLIENT PAUSE in force, and when it ends (Unix ms).</summary>
    public PauseMode Pause { get; private set; }
    public long PauseEndMs { get; private set; }

    /// <summary>
    /// CLIENT PAUSE: the stricter mode and the later end win over a pause already in force
    /// (cf. pauseClients).
    /// </summary>
    public void PauseClients(long endMs, PauseMode mode)
    {
        if (mode > Pause) Pause = mode;
        if (endMs > PauseEndMs) PauseEndMs = endMs;
    }

    /// <summary>CLIENT UNPAUSE, or the pause's end: the held commands run, in the order they arrived (cf. unpauseClients).</summary>
    public void Unpause()
    {
        Pause = PauseMode.Off;
        PauseEndMs = 0;
        ReleasePostponed();
    }

    /// <summary>Ends a pause whose time is up (checked every loop cycle; cf. checkClientPauseTimeoutAndReturnIfPaused).</summary>
    public void CheckPauseEnd(long nowMs)
    {
        if (Pause != PauseMode.Off && PauseEndMs < nowMs) Unpause();
    }

    /// <summary>
    /// True when the pause in force holds <paramref name="command"/>: every command under ALL; under
    /// WRITE the ones flagged write or may-replicate, and EXEC of a transaction that queued one
    /// (cf. is_may_replicate_command in processCommand).
    /// </summary>
    public bool HoldsCommand(Client client, Commands.CommandDef command)
    {
        if (client.Socket is null) return false;
        if (Pause == PauseMode.All) return true;
        if (MayWrite(command)) return true;
        if (!Commands.TransactionCommands.IsExec(command) || client.Multi is null) return false;
        foreach (var queued in client.Multi)
        {
            if (MayWrite(queued.Command)) return true;
        }
        return false;
    }

    /// <summary>
    /// Redis 7.0 flags these may_replicate (a flag COMMAND INFO does not show, so the table does not
    /// hold it): scripts, functions and publishing reach replicas, PFCOUNT may rewrite its key.
    /// </summary>
    private static readonly HashSet<string> MayReplicate = ["eval", "evalsha", "fcall", "publish", "spublish", "pfcount"];

    private static bool MayWrite(Commands.CommandDef command) =>
        command.Has(Commands.CommandFlags.Write) || command.Has(Commands.CommandFlags.MayReplicate) || MayReplicate.Contains(command.FullName);

    /// <summary>Lets every postponed client run its command, in the order they arrived (cf. unblockPostponedClients).</summary>
    public void ReleasePostponed()
    {
        _serving.AddRange(_postponed);
        foreach (var client in _serving)
        {
            Leave(client);
            Unblocks++;
            ClientUnblocked?.Invoke(client);
        }
        _serving.Clear();
    }
}
