// The single-threaded event loop: Socket.Select over every socket, one coroutine per client.
// cf. aeMain/aeProcessEvents in ae.c, ae_select.c, and beforeSleep in server.c.

using System.Diagnostics;
using System.Net.Sockets;
using EventLoopRedis.Commands;

namespace EventLoopRedis.EventLoop;

/// <summary>
/// One thread runs everything the clients can see. Each cycle of <see cref="Run"/> makes six calls:
/// <list type="number">
/// <item>resume the ready clients, one command each per turn, for at most 32 turns (<c>RunReadyClients</c>);</item>
/// <item>flush the replies they produced with non-blocking sends, Redis's beforeSleep (<c>FlushReplies</c>);</item>
/// <item>close the clients marked to close, before Select could see their sockets (<c>CloseDoomedClients</c>);</item>
/// <item>poll the slice of idle clients whose turn has come (<c>PollColdSlice</c>, see <see cref="ReadInterest"/>);</item>
/// <item>wait in <c>Socket.Select</c> until a socket is readable/writable or the next timer is due
///       (not at all while the ready queue holds work), then accept, read and write (<c>WaitForEvents</c>);</item>
/// <item>run the timers that are due, ServerCron among them (<c>Timers.RunDue</c>).</item>
/// </list>
/// </summary>
internal sealed class EventLoop
{
    /// <summary>Turns over the ready queue before replies are flushed and Select is polled again.</summary>
    private const int MaxTurnsPerCycle = 32;

    /// <summary>A client with more pending output than this is not read until it drains.</summary>
    public const int OutputThrottleBytes = 1024 * 1024;

    private readonly RedisServer _server;
    private readonly CommandExecutor _executor;
    private readonly List<Socket> _listeners;
    private readonly Timers _timers;
    private readonly LoopTrace _trace;

    // The clients set, and the map from each client socket to its coroutine.
    private readonly Dictionary<Socket, Client> _clients = new();
    private readonly Dictionary<Socket, IEnumerator<Step>> _coroutines = new();

    // Clients that may hold a complete command: resumed without waiting for Select.
    private readonly Queue<Client> _ready = new();
    // Clients with replies not yet handed to the kernel (cf. clients_pending_write).
    private readonly List<Client> _pendingWrites = new();
    private readonly List<Client> _toClose = new();

    // Select removes the sockets that are not ready from the lists it is given, so these
    // are refilled every cycle (reused, not reallocated).
    private readonly List<Socket> _readList = new();
    private readonly List<Socket> _writeList = new();

    // Which clients' sockets go into the read list: active ones always, idle ones in slices.
    private readonly ReadInterest _readInterest = new();
    private readonly List<Socket> _coldSlice = new();
    // Cold clients a slice found readable, read a few per cycle (ReadColdBacklog).
    private readonly Queue<Client> _coldReadable = new();

    public EventLoop(RedisServer server, List<Socket> listeners, Timers timers)
    {
        _server = server;
        _executor = server.Executor;
        _listeners = listeners;
        _timers = timers;
        _trace = server.Trace;
        timers.Trace = _trace;
        server.Scripting.ProcessEventsWhileBlocked = ProcessEventsWhileBlocked;
        server.PubSub.OutputAdded = OutputAdded;
        server.Replicas.OutputAdded = OutputAdded;
        server.Blocking.ClientUnblocked = ClientUnblocked;
        server.ReplicaLink.Attach = AttachLink;
        server.ReplicaLink.OutputAdded = OutputAdded;
        server.ClientMemory.Close = ScheduleClose;
    }

    /// <summary>Runs until <see cref="RedisServer.ShutdownRequested"/> is set.</summary>
    public void Run()
    {
        while (!_server.ShutdownRequested)
        {
            long cycleStarted = Stopwatch.GetTimestamp();
            _trace.CycleStarted(_ready.Count);
            RunReadyClients();
            _server.Tracking.BroadcastPending(); // BCAST invalidations, batched per cycle as in beforeSleep
            _server.Replicas.BeforeSleep(); // REPLCONF GETACK for the WAITs of this cycle
            FlushReplies();
            _server.ClientMemory.EvictClients(); // after the flush, as beforeSleep runs evictClients after its writes
            CloseDoomedClients();
            PollColdSlice();
            // LATENCY's "event-loop" event: the clients' turns and the flush, the part of a cycle that delays everyone.
            _server.Latency.AddSampleIfNeeded("event-loop", (long)Stopwatch.GetElapsedTime(cycleStarted).TotalMilliseconds,
                _server.Config.LatencyMonitorThreshold);
            WaitForEvents();
            _timers.RunDue();
            _server.SnapshotRunner.RunTurn(); // a BGSAVE's, AOF rewrite's or diskless sync's slice of keys (Persistence/SnapshotRunner.cs)
            _server.Replicas.RunTurn(); // a disk-based full sync's next chunk of the saved file (Replication/Replicas.cs)
            _server.Blocking.HandleTimeouts(Storage.Clock.UnixMs);
            ResumeLoadedLink();
            _trace.CycleEnded();
        }
        FlushReplies();
    }

    // ---- 1. resume ----------------------------------------------------------------------

    /// <summary>
    /// Gives every ready client one command per turn. A client that ran a command goes to
    /// the back of the queue, so a client with a deep pipeline cannot starve the others.
    /// </summary>
    private void RunReadyClients()
    {
        for (int turn = 0; turn < MaxTurnsPerCycle && _ready.Count > 0; turn++)
        {
            for (int n = _ready.Count; n > 0; n--)
            {
                var client = _ready.Dequeue();
                client.IsReady = false;
                if (client.IsClosing) continue; // cut off earlier this cycle (say, past its output limit)
                if (client.Socket is { } socket && _coroutines.TryGetValue(socket, out var coroutine))
                    Resume(client, coroutine);
            }
        }
    }

    /// <summary>How many times a coroutine was resumed (INFO eventloop's count): tests show with it that blocked clients cost none.</summary>
    public long Resumes => _server.LoopStats.Resumes;

    private void Resume(Client client, IEnumerator<Step> coroutine)
    {
        // Before a command, as processCommand does: the clients' memory may be over maxmemory-clients,
        // and the client about to run may be the one evicted (then its command does not run).
        _server.ClientMemory.EvictClients();
        if (client.IsClosing) return;
        var mark = _trace.StartResume();
        coroutine.MoveNext();
        _trace.Resumed(client, coroutine.Current, mark);
        if (Log.Tracing) TraceResume(client, coroutine.Current);
        if (client.Reply.PendingBytes > 0) OutputAdded(client);
        else _server.ClientMemory.Update(client); // its command changed its buffers, queue or subscriptions
        switch (coroutine.Current)
        {
            case Step.RanCommand:
                client.LastCommandMs = Storage.Clock.CoarseUnixMs;
                if (client.IsCold) _readInterest.Warm(client);
                if (client.Reply.PendingBytes > OutputThrottleBytes)
                {
                    client.IsOutputThrottled = true; // not read nor resumed until the kernel takes its output
                    _trace.Throttled(client, true);
                    if (Log.Tracing) Log.Debug($"client {client.Id} throttled: {client.Reply.PendingBytes} bytes of replies unsent");
                }
                else MakeReady(client);
                break;
            case Step.NeedInput:
                break; // Select will tell us when more bytes arrive
            case Step.Blocked:
                break; // BlockedClients hands it back (ClientUnblocked) once it is served, timed out or released
            case Step.Connecting:
                client.IsReadSuspended = true;
                _connecting.Add(client);
                break;
            case Step.Loading:
                client.IsReadSuspended = true;
                _loading.Add(client);
                break;
            case Step.Close:
                // Closed by FlushReplies once its last reply is out; with none to send (CLIENT REPLY
                // OFF, then QUIT) nothing would ever flush it, so it is closed now.
                if (client.Reply.PendingBytes == 0) ScheduleClose(client);
                break;
        }
    }

    private static void TraceResume(Client client, Step step) => Log.Debug(step switch
    {
        Step.RanCommand => $"resume client {client.Id}: ran {client.LastCommand?.FullName ?? "?"}, yields RanCommand (stays ready)",
        Step.NeedInput => $"resume client {client.Id}: no complete command buffered ({client.Query.Length} bytes), yields NeedInput (waits for Select)",
        Step.Blocked => $"resume client {client.Id}: {client.LastCommand?.FullName ?? "?"} blocks ({client.BlockType}), yields Blocked (waits to be unblocked)",
        Step.Connecting => $"resume master link {client.Id}: yields Connecting (waits for Select to find it writable)",
        Step.Loading => $"resume master link {client.Id}: yields Loading (waits for the background load of the payload)",
        _ => $"resume client {client.Id}: yields Close",
    });

    private void MakeReady(Client client)
    {
        if (client.IsReady || client.IsOutputThrottled || client.CloseAfterReply || client.IsReadSuspended) return;
        if (client.BlockType != BlockType.None) return; // its bytes wait in the query buffer until it is unblocked
        client.IsReady = true;
        _ready.Enqueue(client);
        _trace.ReadyQueueLength(_ready.Count);
    }

    /// <summary>A blocked client was served, timed out or released: send its reply and resume it (cf. queueClientForReprocessing).</summary>
    private void ClientUnblocked(Client client)
    {
        if (client.Reply.PendingBytes > 0) OutputAdded(client);
        MakeReady(client);
    }

    // ---- 2. flush -----------------------------------------------------------------------

    /// <summary>
    /// A client has new output: its own reply, or a message another client published to it.
    /// It joins the clients to flush, unless its output passed client-output-buffer-limit: then
    /// it is closed at the end of the cycle, and nobody else waits for it.
    /// </summary>
    private void OutputAdded(Client client)
    {
        if (client.Socket is null || client.IsClosing) return;
        _server.ClientMemory.Update(client);
        MarkPendingWrite(client);
        if (OutputBufferLimits.Exceeded(client, _server.Config, Storage.Clock.CoarseUnixMs))
        {
            Log.Warning($"Client id={client.Id} addr={client.Address} scheduled to be closed ASAP for overcoming of output buffer limits.");
            ScheduleClose(client);
        }
    }

    private void MarkPendingWrite(Client client)
    {
        if (!client.HasPendingWrite)
        {
            client.HasPendingWrite = true;
            _pendingWrites.Add(client);
        }
    }

    /// <summary>
    /// Sends pending replies with non-blocking sends, cf. handleClientsWithPendingWrites.
    /// What the kernel will not take now stays queued; the socket then joins Select's
    /// write list.
    /// </summary>
    private void FlushReplies()
    {
        // The cycle's writes reach the AOF before any of its replies leaves: with appendfsync
        // always they are on disk by then (cf. flushAppendOnlyFile at the top of beforeSleep).
        _server.Aof?.Flush();
        for (int i = _pendingWrites.Count - 1; i >= 0; i--)
        {
            var client = _pendingWrites[i];
            if (WriteToClient(client) && client.Reply.PendingBytes == 0)
            {
                client.HasPendingWrite = false;
                _pendingWrites.RemoveAt(i);
            }
        }
    }

    /// <summary>Sends as much as the kernel takes; false when the client is gone.</summary>
    private bool WriteToClient(Client client)
    {
        var socket = client.Socket!;
        int sends = 0;
        long bytes = 0;
        while (client.Reply.PendingBytes > 0)
        {
            int sent = socket.Send(client.Reply.Pending, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) break;
            if (error != SocketError.Success)
            {
                ScheduleClose(client);
                return false;
            }
            client.Reply.Advance(sent);
            sends++;
            bytes += sent;
            _server.Stats.NetOutputBytes += sent;
            if (Log.Tracing) Log.Debug($"send to client {client.Id}: {sent} bytes, {client.Reply.PendingBytes} still pending");
        }
        _trace.Flushed(client, bytes, sends);
        if (bytes > 0) _server.ClientMemory.Update(client); // a drained reply buffer may have shrunk
        if (client.Reply.PendingBytes == 0 && client.CloseAfterReply)
        {
            ScheduleClose(client);
            return false;
        }
        if (client.IsOutputThrottled && client.Reply.PendingBytes <= OutputThrottleBytes / 2)
        {
            client.IsOutputThrottled = false;
            _trace.Throttled(client, false);
            MakeReady(client); // it may have commands buffered that it was not allowed to run
        }
        return true;
    }

    // ---- 3. wait --------------------------------------------------------------------------

    /// <summary>
    /// Blocks in Select until something happens or the next timer is due. The read list holds
    /// the listeners and what <see cref="ReadInterest"/> picks: every active client, a slice of
    /// the idle ones. Sockets of clients that still have commands to run, are throttled or are
    /// closing are left out, so a client can only ever cost the loop what Select reports for it,
    /// and a client's unprocessed input never grows past one read (the kernel holds the rest,
    /// as Redis's 16 KB reads do). The write list holds the clients whose replies the kernel
    /// would not all take.
    /// </summary>
    private void WaitForEvents()
    {
        _readList.Clear();
        _writeList.Clear();
        _readList.AddRange(_listeners);
        _readInterest.Fill(_readList);
        foreach (var client in _pendingWrites)
        {
            if (!client.IsClosing && client.Reply.PendingBytes > 0) _writeList.Add(client.Socket!);
        }
        foreach (var client in _connecting) _writeList.Add(client.Socket!);

        int timeout = SelectTimeoutMicroseconds();
        _server.LoopStats.SelectSockets += _readList.Count + _writeList.Count;
        long selectStarted = Stopwatch.GetTimestamp();
        Socket.Select(_readList, _writeList.Count > 0 ? _writeList : null, null, timeout);
        // Nothing happened for a whole cold period: the loop is idle, so the next Select can afford
        // every idle socket. A shorter quiet spell (a timer due sooner, busy clients descheduled for
        // a millisecond on a loaded machine) is not idleness, and a Select over 10,000 sockets costs milliseconds.
        _readInterest.WatchEverything = timeout >= ReadInterest.MinColdPeriodMs * 1000 && _readList.Count + _writeList.Count == 0;
        _trace.Selected(timeout, selectStarted, _readList, _writeList, _clients);
        if (Log.Tracing && _readList.Count + _writeList.Count > 0)
            Log.Debug($"select (timeout {timeout} us): {_readList.Count} readable, {_writeList.Count} writable");

        foreach (var socket in _readList)
        {
            if (_clients.TryGetValue(socket, out var client)) ReadFromClient(client);
            else AcceptClients(socket);
        }
        foreach (var socket in _writeList)
        {
            if (_clients.TryGetValue(socket, out var linking) && linking.IsReadSuspended && _connecting.Remove(linking))
            {
                Unsuspend(linking); // the master link's connect is done (or failed): its coroutine looks which
                continue;
            }
            if (_clients.TryGetValue(socket, out var client) && WriteToClient(client) && client.Reply.PendingBytes == 0)
            {
                client.HasPendingWrite = false;
                _pendingWrites.Remove(client);
            }
        }
    }

    /// <summary>
    /// Polls the slice of idle clients whose turn has come, with a Select of its own that does not
    /// wait: timed, so that <see cref="ReadInterest"/> keeps these polls within its share of the loop.
    /// It runs after the flush and before the main Select, never between a hot client's read and
    /// its command: what a slice costs delays no request already received. The cold clients it finds
    /// readable are read a few per cycle (<see cref="ReadColdBacklog"/>) and run in the next cycle (the
    /// ready queue keeps the main Select from sleeping); no new slice starts until all are read.
    /// </summary>
    private void PollColdSlice()
    {
        long now = Stopwatch.GetTimestamp();
        long budget = ReadInterest.StallBudgetTicks(now - _lastColdTurn);
        _lastColdTurn = now;
        if (_coldReadable.Count > 0 && ReadColdBacklog(budget)) return; // the last slice's readable clients first
        _coldSlice.Clear();
        _readInterest.FillColdSlice(_coldSlice);
        if (_coldSlice.Count == 0) return;
        int polled = _coldSlice.Count;
        _server.LoopStats.ColdPolls++;
        _server.LoopStats.ColdSocketsPolled += polled;
        long start = Stopwatch.GetTimestamp();
        Socket.Select(_coldSlice, null, null, 0);
        long ticks = Stopwatch.GetTimestamp() - start;
        _readInterest.SliceCost(polled, ticks);
        _server.LoopStats.ColdTicks += ticks;
        if (Log.Tracing && _coldSlice.Count > 0) Log.Debug($"cold slice: {polled} idle sockets polled, {_coldSlice.Count} readable");
        foreach (var socket in _coldSlice)
        {
            if (_clients.TryGetValue(socket, out var client)) _coldReadable.Enqueue(client);
        }
        ReadColdBacklog(budget - ticks);
    }

    /// <summary>
    /// Reads the cold clients a slice found readable, at least one and then until
    /// <paramref name="budgetTicks"/> is spent; true when some are left for the next cycles. A
    /// thousand clients trickling a byte every 100 ms come in bursts, and each read costs a system
    /// call (1 to 4 us): read all at once, they would hold back a hot client's request for a burst's
    /// worth. A client left waiting here is not polled again meanwhile (no new slice starts), and
    /// its read is a few cycles late at most.
    /// </summary>
    private bool ReadColdBacklog(long budgetTicks)
    {
        long start = Stopwatch.GetTimestamp();
        long now = start;
        while (_coldReadable.Count > 0 && (now == start || now - start < budgetTicks))
        {
            var client = _coldReadable.Dequeue();
            // Closed since, or read already (an idle loop's Select watches every socket): nothing to do.
            if (!ReadInterest.WantsInput(client)) continue;
            ReadFromClient(client);
            _server.LoopStats.ColdReads++;
            now = Stopwatch.GetTimestamp();
        }
        _server.LoopStats.ColdTicks += now - start;
        return _coldReadable.Count > 0;
    }

    // When the cold set last had its turn in a cycle: a tenth of the time since may be spent on it.
    private long _lastColdTurn = Stopwatch.GetTimestamp();

    /// <summary>
    /// Zero while clients are ready; otherwise until the next timer, but no longer than the
    /// cold period while idle clients are only watched in slices. Select truncates a timeout
    /// under 1 ms to zero (a busy spin), so never ask for less than 1 ms.
    /// </summary>
    private int SelectTimeoutMicroseconds()
    {
        if (_ready.Count > 0 || _coldReadable.Count > 0 || _server.SnapshotRunner.WantsTurn || _server.Replicas.WantsTurn) return 0;
        if (_loading.Count > 0) return 1000; // the master link's background load: looked at every millisecond
        long ticks = _timers.TicksUntilNext();
        long micros = ticks * 1_000_000 / Stopwatch.Frequency;
        // A blocked client's deadline wakes the loop too, so timeouts fire within a millisecond or two.
        long untilTimeout = _server.Blocking.MillisecondsUntilNextTimeout(Storage.Clock.UnixMs);
        if (untilTimeout >= 0) micros = Math.Min(micros, untilTimeout * 1000);
        // A background save waiting for the disk or for rdb-key-save-delay looks again within a millisecond.
        if (_server.SnapshotRunner.WritesAFile) micros = Math.Min(micros, 1000);
        int limit = _readInterest.HasColdClients && !_readInterest.WatchEverything ? ReadInterest.MinColdPeriodMs * 1000 : 1_000_000;
        return (int)Math.Clamp(micros, 1000, limit);
    }

    // ---- 4. accept, read -------------------------------------------------------------------

    /// <summary>Accepts every pending connection (cf. acceptTcpHandler, up to 1000 per event).</summary>
    private void AcceptClients(Socket listener)
    {
        for (int i = 0; i < 1000; i++)
        {
            Socket socket;
            try
            {
                socket = listener.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return;
            }
            socket.Blocking = false;
            socket.NoDelay = true;
            _server.Stats.ConnectionsReceived++;
            if (_clients.Count >= _server.Config.MaxClients)
            {
                socket.Send("-ERR max number of clients reached\r\n"u8, SocketFlags.None, out _);
                socket.Close();
                _server.Stats.RejectedConnections++;
                continue;
            }
            if (_server.Config.TcpKeepAlive > 0)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)_server.Config.TcpKeepAlive);
            }
            if (Security.ProtectedMode.Refuses(_server.Config.ProtectedMode, _server.Acl.Default, socket.RemoteEndPoint))
            {
                socket.Send(Protocol.Errors.ProtectedModeDenied, SocketFlags.None, out _);
                socket.Close();
                _server.Stats.RejectedConnections++;
                continue;
            }
            var client = _server.CreateClient(socket);
            _clients.Add(socket, client);
            _coroutines.Add(socket, ClientCoroutine.Run(client, _executor));
            _readInterest.Add(client);
            _trace.Accepted(client);
            Log.Verbose($"Accepted {client.Address}");
        }
    }

    /// <summary>
    /// Reads what one readable socket has (cf. readQueryFromClient). The client becomes
    /// ready; whether a whole command arrived is for its coroutine to find out.
    /// </summary>
    private void ReadFromClient(Client client)
    {
        // Room for the rest of a big bulk in one step (Redis's PROTO_MBULK_BIG_ARG), but no more than
        // what is buffered already: the buffer doubles as the bytes arrive. A client that announces
        // 1 MB and trickles it (a slowloris) must not make the server allocate and zero 1 MB at once:
        // Redis's malloc leaves such room untouched, a .NET array is cleared and collected.
        long bigBulkRoom = Math.Min(client.Parser.MissingBigBulkBytes(client.Query), Math.Max(client.Query.Length, QueryBufferReadSize));
        int wanted = (int)Math.Clamp(bigBulkRoom, QueryBufferReadSize, int.MaxValue / 2);
        var buffer = client.Query.GetFreeSpace(wanted);
        int read = client.Socket!.Receive(buffer, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock) return;
        if (error != SocketError.Success || read == 0)
        {
            Log.Verbose(read == 0 ? "Client closed connection" : $"Reading from client: {error}");
            _trace.HungUp(client);
            ScheduleClose(client);
            return;
        }
        client.Query.Commit(read);
        _server.ClientMemory.Update(client);
        // A cold client warms up when it runs a command (see Resume), or sends in earnest: a
        // client trickling a byte at a time (slowloris) stays cold and is read in slices.
        if (client.IsCold && read >= ReadInterest.WarmReadBytes) _readInterest.Warm(client);
        _trace.Read(client, read);
        if (Log.Tracing) Log.Debug($"read from client {client.Id}: {read} bytes, {client.Query.Length} buffered");
        client.LastInteractionMs = Storage.Clock.CoarseUnixMs; // like server.unixtime: timeouts count seconds
        _server.Stats.NetInputBytes += read;
        if (client.Query.Length > _server.Config.ClientQueryBufferLimit)
        {
            Log.Warning($"Closing client that reached max query buffer length: id={client.Id} addr={client.Address}");
            ScheduleClose(client);
            return;
        }
        MakeReady(client);
    }

    private const int QueryBufferReadSize = Protocol.QueryBuffer.IoBufferSize;

    // ---- the link to a primary (Replication/MasterLink.cs) -----------------------------------

    // The master link while its coroutine waits for its connect, or for its payload to load.
    private readonly List<Client> _connecting = new();
    private readonly List<Client> _loading = new();

    /// <summary>Serves a new link to a primary: a client of the loop like any other, with its own coroutine.</summary>
    private void AttachLink(Client client, IEnumerator<Step> coroutine)
    {
        var socket = client.Socket!;
        _clients.Add(socket, client);
        _coroutines.Add(socket, coroutine);
        _readInterest.Add(client);
        _trace.Accepted(client);
        MakeReady(client);
    }

    /// <summary>Resumes the master link once its payload's background load has ended.</summary>
    private void ResumeLoadedLink()
    {
        if (_loading.Count == 0 || !_server.ReplicaLink.LoadFinished) return;
        foreach (var client in _loading) Unsuspend(client);
        _loading.Clear();
    }

    private void Unsuspend(Client client)
    {
        client.IsReadSuspended = false;
        MakeReady(client);
    }

    // ---- while a script is busy ------------------------------------------------------------

    /// <summary>
    /// One pass of the loop without waiting, made from inside a script that has run past
    /// busy-reply-threshold (cf. processEventsWhileBlocked in networking.c). The loop is then
    /// deep in a call stack: RunReadyClients resumed the client that sent EVAL, whose
    /// command is running the script, whose hook called this. So this pass accepts, reads,
    /// runs what each client sent and flushes, and nothing more: the executor answers BUSY
    /// to every command except the allow-busy ones (SCRIPT KILL, FUNCTION KILL, SHUTDOWN
    /// NOSAVE...). The client running the script is left out entirely (Redis's
    /// protectClient): its coroutine is the one suspended in the middle of EVAL. The ready
    /// queue is only ever appended to here, since RunReadyClients is iterating it; the
    /// clients waiting in it are run directly (they may have read their command just before
    /// the script started).
    /// </summary>
    public void ProcessEventsWhileBlocked(Client running)
    {
        long passStarted = _trace.BusyPassStarted();
        _readList.Clear();
        _readList.AddRange(_listeners);
        foreach (var (socket, client) in _clients)
        {
            if (client != running && !client.IsClosing && !client.IsOutputThrottled && !client.CloseAfterReply && !client.IsReadSuspended)
                _readList.Add(socket);
        }

        Socket.Select(_readList, null, null, 0);

        foreach (var socket in _readList)
        {
            if (_clients.TryGetValue(socket, out var client)) ReadFromClient(client);
            else AcceptClients(socket);
        }
        // Everyone with input: just read, or read earlier and still waiting in the ready queue.
        foreach (var client in _clients.Values)
        {
            if (client.IsReady && client != running && !client.IsClosing) _whileBlocked.Add(client);
        }
        foreach (var client in _whileBlocked) RunAllCommands(client);
        _whileBlocked.Clear();
        FlushReplies();
        _trace.BusyPassEnded(running, passStarted);
    }

    private readonly List<Client> _whileBlocked = new();

    /// <summary>Runs every command the client has buffered (each gets its reply at once: mostly BUSY).</summary>
    private void RunAllCommands(Client client)
    {
        if (!_coroutines.TryGetValue(client.Socket!, out var coroutine)) return;
        do
        {
            var mark = _trace.StartResume();
            coroutine.MoveNext();
            _trace.Resumed(client, coroutine.Current, mark, whileBusy: true);
            if (client.Reply.PendingBytes > 0) MarkPendingWrite(client);
        }
        while (coroutine.Current == Step.RanCommand && client.Reply.PendingBytes <= OutputThrottleBytes);
        _server.ClientMemory.Update(client);
    }

    // ---- closing ----------------------------------------------------------------------------

    /// <summary>Marks a client to be closed at the end of this cycle (cf. freeClientAsync).</summary>
    public void ScheduleClose(Client client)
    {
        if (client.IsClosing) return;
        client.IsClosing = true;
        _toClose.Add(client);
    }

    /// <summary>
    /// Closes clients marked this cycle, before the next Select: a disposed socket in
    /// Select's lists would throw.
    /// </summary>
    private void CloseDoomedClients()
    {
        foreach (var client in _server.KilledClients) ScheduleClose(client);
        _server.KilledClients.Clear();
        foreach (var client in _toClose)
        {
            var socket = client.Socket!;
            _trace.Closed(client);
            _clients.Remove(socket);
            if (_coroutines.Remove(socket, out var coroutine)) coroutine.Dispose();
            if (client.HasPendingWrite) _pendingWrites.Remove(client);
            if (client.IsReadSuspended)
            {
                _connecting.Remove(client);
                _loading.Remove(client);
            }
            _readInterest.Remove(client);
            _server.RemoveClient(client);
            socket.Close();
        }
        _toClose.Clear();
    }

    /// <summary>
    /// Clients idle longer than <c>timeout</c> seconds are closed (cf. clientsCronHandleTimeout). Only
    /// cold clients can be, and they are looked at a share per tick, each about once a second, as
    /// Redis's clientsCron does: a tick costs cold clients / hz visits, not every client.
    /// </summary>
    public void CloseIdleClients(long nowMs)
    {
        long timeout = _server.Config.Timeout;
        if (timeout <= 0) return;
        _cronClients.Clear();
        _readInterest.NextColdClients(Math.Max(MinCronClientsPerTick, _readInterest.ColdCount / _server.Config.Hz), _cronClients);
        _server.LoopStats.CronClientVisits += _cronClients.Count;
        foreach (var client in _cronClients)
        {
            // A blocked client is waiting on the server, not idle (its own timeout ends the wait).
            if (client.BlockType != BlockType.None) continue;
            // The link to the primary has repl-timeout instead (Replication/MasterLink.cs).
            if (client.IsMaster) continue;
            // As Redis: subscribers and monitors wait for pushes, so idleness is their normal state.
            if (client.IsSubscribed || client.IsMonitor) continue;
            if (client.Replica is { IsReplica: true }) continue; // replicas are judged by repl-timeout
            if (nowMs - client.LastInteractionMs > timeout * 1000)
            {
                Log.Verbose($"Closing idle client id={client.Id}");
                ScheduleClose(client);
            }
        }
    }

    /// <summary>The fewest clients the cron looks at per tick (CLIENTS_CRON_MIN_ITERATIONS).</summary>
    private const int MinCronClientsPerTick = 5;

    private readonly List<Client> _cronClients = new();

    /// <summary>
    /// Cron housekeeping over the hot set: clients idle for a while are only watched in slices from
    /// now on, and big query buffers left idle are given back.
    /// </summary>
    public void CoolIdleClients(long nowMs)
    {
        var stats = _server.LoopStats;
        stats.CronClientVisits += _readInterest.Cool(nowMs);
        stats.HotClients = _readInterest.HotCount;
        stats.ColdClients = _readInterest.ColdCount;
        stats.ColdPeriodMs = _readInterest.ColdCount == 0 ? 0 : _readInterest.ColdPeriodMs;
    }
}
