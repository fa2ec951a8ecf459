// The schedule trace: what the loop did, event by event (--loop-trace yes), as text in the
// log and as Chrome Trace Event Format JSON (loop-trace-file). Redis has no counterpart; it is
// the picture of ae.c's aeProcessEvents a student can watch.

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EventLoopRedis.EventLoop;

/// <summary>Taken just before a resume: when it began and how many commands had run.</summary>
internal readonly record struct ResumeMark(long Started, long CommandsBefore);

/// <summary>
/// The loop calls one hook per event: a cycle begins or ends, Select returns, a client is
/// resumed and yields, replies are flushed, a timer fires, a client is accepted, read or
/// closed. Each hook first updates <see cref="LoopStats"/> (INFO eventloop, always on), then
/// tests <see cref="On"/>: with tracing off that bool is the whole cost, with nothing
/// formatted and nothing allocated (Benchmarks/EventLoop/LoopTraceBenchmarks.cs measures it).
/// <para>
/// Text lines are collected per cycle and written at its end, with one summary line; a cycle
/// in which nothing happened but timers (an idle server wakes hz times a second) is only
/// counted, in the next summary. The JSON file gets every event, as slices ("X") and instants
/// ("i") on one track per client, one for the loop and one for timers.
/// </para>
/// </summary>
internal sealed class LoopTrace(ServerStats serverStats, LoopStats stats)
{
    /// <summary>True when either output is on: the one test every hook makes.</summary>
    public bool On;

    private bool _text;
    private TraceFile? _file;

    // The cycle being traced (only kept while On).
    private long _cycleStarted;
    private int _cycleReady;
    // Resumes this cycle that ran (or queued, or refused) a command: EXEC or a script counts once.
    private long _cycleCommands;
    private int _cycleResumes;
    private int _cycleSends;
    private long _cycleWaitedTicks;
    private string _cycleReadable = "nothing";
    private bool _cycleActive;
    private long _idleCycles;
    private readonly StringBuilder _lines = new();
    // A busy-script pass inside the cycle: where its lines begin, and whether it did anything.
    private int _passMark;
    private bool _passActive;

    public LoopStats Stats => stats;

    /// <summary>
    /// Turns the text trace on or off and opens, switches or closes the JSON file ("" closes it).
    /// Returns null, or why the file could not be opened (then the previous file stays).
    /// </summary>
    public string? Configure(bool text, string file)
    {
        if (file != (_file?.Path ?? ""))
        {
            TraceFile? opened = null;
            if (file.Length > 0)
            {
                try
                {
                    opened = new TraceFile(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    return $"can't open the trace file: {e.Message}";
                }
            }
            _file?.Close();
            _file = opened;
        }
        _text = text;
        On = _text || _file is not null;
        _lines.Clear();
        _cycleStarted = Stopwatch.GetTimestamp(); // turned on mid-cycle: this cycle is traced from now
        return null;
    }

    /// <summary>Ends the JSON file so that it is a complete document (at shutdown).</summary>
    public void Close()
    {
        _file?.Close();
        _file = null;
        On = _text;
    }

    // ---- the cycle ------------------------------------------------------------------------

    public void CycleStarted(int ready)
    {
        stats.Cycles++;
        _cycleCommands = 0;
        if (!On) return;
        _cycleStarted = Stopwatch.GetTimestamp();
        _cycleReady = ready;
        _cycleResumes = 0;
        _cycleSends = 0;
        _cycleWaitedTicks = 0;
        _cycleReadable = "nothing";
        _cycleActive = false;
    }

    public void CycleEnded()
    {
        long commands = _cycleCommands;
        if (commands > 0)
        {
            stats.BusyCycles++;
            stats.CommandsInBusyCycles += commands;
            if (commands > stats.MaxCommandsPerCycle) stats.MaxCommandsPerCycle = commands;
        }
        if (!On) return;
        long now = Stopwatch.GetTimestamp();
        _file?.Complete($"cycle {stats.Cycles}", "cycle", TraceFile.LoopTrack, _cycleStarted, now,
            $"\"ready\":{_cycleReady},\"resumes\":{_cycleResumes},\"commands\":{commands},\"sends\":{_cycleSends}");
        _file?.Flush();
        if (!_text) return;
        if (!_cycleActive)
        {
            _idleCycles++;
            _lines.Clear();
            return;
        }
        Line($"cycle {stats.Cycles}: ready {_cycleReady}, {Plural(_cycleResumes, "resume")}, {Plural(commands, "command")}, " +
            $"{Plural(_cycleSends, "send")}, waited {Micros(_cycleWaitedTicks)} us, readable: {_cycleReadable}" +
            (_idleCycles > 0 ? $" ({Plural(_idleCycles, "idle cycle")} before)" : ""), summary: true);
        _idleCycles = 0;
        WriteLines();
    }

    // ---- 1. resume --------------------------------------------------------------------------

    // Tracing off, no clock is read: a timestamp costs about 100 ns on this VM, as much as a GET.
    // The longest resume is then measured by the executor's own timing of the command (Call).
    public ResumeMark StartResume() => new(On ? Stopwatch.GetTimestamp() : 0, serverStats.CommandsProcessed);

    // Clients whose last traced resume yielded Blocked: their next resume is the wake-up.
    private readonly HashSet<long> _blockedClients = new();

    /// <summary>A coroutine yielded <paramref name="step"/>; <paramref name="whileBusy"/> when resumed from a busy script's pass.</summary>
    public void Resumed(Client client, Step step, ResumeMark mark, bool whileBusy = false)
    {
        stats.Resumes++;
        stats.Yields[(int)step]++;
        if (step != Step.NeedInput) _cycleCommands++;
        if (!On || mark.Started == 0) return;
        long ended = Stopwatch.GetTimestamp();
        long ticks = ended - mark.Started;
        long commands = serverStats.CommandsProcessed - mark.CommandsBefore;
        if (ticks > stats.LongestResumeTicks)
        {
            stats.LongestResumeTicks = ticks;
            stats.LongestResumeCommand = commands > 0 ? client.LastCommand?.FullName ?? "" : "";
        }
        Activity();
        _cycleResumes++;
        // A command that ran went through CommandExecutor.Call and counted; one that was queued
        // by MULTI or refused (unknown, arity, BUSY, NOAUTH) did not, but its name is still in Args.
        string name = commands > 0 ? client.LastCommand?.FullName ?? "?"
            : step != Step.NeedInput && client.Args.Count > 0 ? Encoding.Latin1.GetString(client.Args[0]).ToLowerInvariant() : "";
        string why = step switch
        {
            Step.RanCommand => client.IsOutputThrottled ? "(throttled)" : "(stays ready)",
            Step.NeedInput => "(waits for Select)",
            Step.Close => "(closed once its reply is sent)",
            Step.Blocked => client.BlockType switch
            {
                BlockType.Postpone => "(held by CLIENT PAUSE)",
                BlockType.Wait => "(waits for replicas to acknowledge its writes, or its timeout)",
                _ => $"(waits for {client.BlockType} keys or its timeout)",
            },
            Step.Connecting => "(the master link waits for its connect)",
            Step.Loading => "(the master link waits for its payload to load)",
            _ => "",
        };
        // A blocking command is counted when it is served, in the resume of the client whose write
        // served it; its own two resumes (the one that blocks, the one after it was served) run none.
        bool wokenUp = _blockedClients.Remove(client.Id);
        if (step == Step.Blocked) _blockedClients.Add(client.Id);
        string ran = commands switch
        {
            0 when step == Step.Blocked => $"started {client.LastCommand?.FullName ?? name} (it must wait)",
            0 when wokenUp => $"woke up: {client.LastCommand?.FullName ?? "?"} was served (or timed out) while it waited",
            0 when name.Length == 0 => $"no complete command buffered ({client.Query.Length} bytes)",
            0 when client.Multi is not null => $"queued {name}",
            0 => $"refused {name} (an error reply before it ran)",
            1 => $"ran {name}",
            _ => $"ran {name}, {commands} commands counted with those it called or served",
        };
        string mode = (client.Multi is not null ? " [in MULTI]" : "") + (client.IsSubscribed ? " [subscribed]" : "");
        Line($"{(whileBusy ? "busy pass: " : "")}resume client {client.Id}{mode}: {ran} in {Micros(ticks)} us, yields {step} {why}");
        _file?.Complete(name.Length > 0 ? name : step == Step.NeedInput ? "(need input)" : $"({step})", "resume",
            TraceFile.ClientTrack(client.Id), mark.Started, ended,
            $"\"yield\":\"{step}\",\"commands\":{commands},\"buffered\":{client.Query.Length}{(whileBusy ? ",\"busy_script_pass\":true" : "")}",
            $"client {client.Id}");
    }

    /// <summary>The ready queue grew to <paramref name="length"/> clients.</summary>
    public void ReadyQueueLength(int length)
    {
        if (length > stats.ReadyHighWater) stats.ReadyHighWater = length;
    }

    public void Throttled(Client client, bool throttled)
    {
        if (!On) return;
        Activity();
        Line(throttled
            ? $"client {client.Id} throttled: {client.Reply.PendingBytes} bytes of replies unsent, not read nor resumed"
            : $"client {client.Id} no longer throttled: {client.Reply.PendingBytes} bytes unsent, joins the ready queue");
        _file?.Instant(throttled ? "throttled" : "unthrottled", TraceFile.ClientTrack(client.Id), Stopwatch.GetTimestamp(),
            $"\"pending\":{client.Reply.PendingBytes}", $"client {client.Id}");
    }

    // ---- 2. flush ---------------------------------------------------------------------------

    public void Flushed(Client client, long bytes, int sends)
    {
        if (sends == 0) return;
        stats.Flushes++;
        stats.FlushSends += sends;
        if (!On) return;
        Activity();
        _cycleSends += sends;
        Line($"flush client {client.Id}: {bytes} bytes in {Plural(sends, "send")}, {client.Reply.PendingBytes} still pending");
        _file?.Instant("flush", TraceFile.ClientTrack(client.Id), Stopwatch.GetTimestamp(),
            $"\"bytes\":{bytes},\"sends\":{sends},\"pending\":{client.Reply.PendingBytes}", $"client {client.Id}");
    }

    // ---- 3. wait ----------------------------------------------------------------------------

    /// <summary>Select returned; the lists hold the sockets it found ready.</summary>
    public void Selected(int timeoutMicroseconds, long started, List<Socket> readable, List<Socket> writable,
        Dictionary<Socket, Client> clients)
    {
        long ended = Stopwatch.GetTimestamp();
        stats.SelectCalls++;
        stats.SelectTicks += ended - started;
        if (!On) return;
        _cycleWaitedTicks = ended - started;
        _cycleReadable = Describe(readable, clients);
        string writes = Describe(writable, clients);
        if (readable.Count + writable.Count > 0) Activity();
        Line($"select: waited {Micros(ended - started)} us (timeout {timeoutMicroseconds} us), readable: {_cycleReadable}, writable: {writes}");
        _file?.Complete("select", "select", TraceFile.LoopTrack, started, ended,
            $"\"timeout_us\":{timeoutMicroseconds},\"readable\":\"{_cycleReadable}\",\"writable\":\"{writes}\"");
    }

    private static string Describe(List<Socket> sockets, Dictionary<Socket, Client> clients)
    {
        if (sockets.Count == 0) return "nothing";
        var text = new StringBuilder();
        foreach (var socket in sockets)
        {
            if (text.Length > 0) text.Append(", ");
            if (clients.TryGetValue(socket, out var client)) text.Append("client ").Append(client.Id);
            else text.Append("listener");
        }
        return text.ToString();
    }

    // ---- 4. accept, read, close ---------------------------------------------------------------

    public void Accepted(Client client)
    {
        if (!On) return;
        Activity();
        Line($"accept client {client.Id} from {client.Address}");
        _file?.Instant("accept", TraceFile.ClientTrack(client.Id), Stopwatch.GetTimestamp(),
            $"\"address\":\"{client.Address}\"", $"client {client.Id}");
    }

    public void Read(Client client, int bytes)
    {
        if (!On) return;
        Activity();
        Line($"read client {client.Id}: {bytes} bytes, {client.Query.Length} buffered, joins the ready queue");
        _file?.Instant("read", TraceFile.ClientTrack(client.Id), Stopwatch.GetTimestamp(),
            $"\"bytes\":{bytes},\"buffered\":{client.Query.Length}", $"client {client.Id}");
    }

    /// <summary>The socket was readable but the peer had hung up (or the read failed): the client will be closed.</summary>
    public void HungUp(Client client)
    {
        if (!On) return;
        Activity();
        Line($"read client {client.Id}: the connection is gone, close it at the end of the cycle");
        _file?.Instant("hang-up", TraceFile.ClientTrack(client.Id), Stopwatch.GetTimestamp(), "", $"client {client.Id}");
    }

    public void Closed(Client client)
    {
        if (!On) return;
        Activity();
        Line($"close client {client.Id}");
        _file?.Instant("close", TraceFile.ClientTrack(client.Id), Stopwatch.GetTimestamp(), "", $"client {client.Id}");
    }

    // ---- 5. timers --------------------------------------------------------------------------

    public void TimerFired(Func<int> callback, long started)
    {
        stats.TimersFired++;
        if (!On) return;
        long ended = Stopwatch.GetTimestamp();
        string name = $"{callback.Method.DeclaringType?.Name}.{callback.Method.Name}";
        Line($"timer {name} fired, ran {Micros(ended - started)} us");
        _file?.Complete(name, "timer", TraceFile.TimerTrack, started, ended, "");
    }

    // ---- a busy script's passes ----------------------------------------------------------------

    /// <summary>The loop is re-entered from inside a busy script; returns when.</summary>
    public long BusyPassStarted()
    {
        stats.BusyScriptPasses++;
        if (!On) return 0;
        _passMark = _lines.Length;
        _passActive = false;
        return Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// A pass that served nobody leaves no trace (a script calls for one every few milliseconds);
    /// one that did is written out at once, since the cycle around it may last seconds.
    /// </summary>
    public void BusyPassEnded(Client running, long started)
    {
        if (!On) return;
        if (!_passActive)
        {
            _lines.Length = _passMark;
            return;
        }
        long ended = Stopwatch.GetTimestamp();
        Line($"busy pass: served from inside client {running.Id}'s {running.LastCommand?.FullName ?? "script"}, " +
            $"which has run past busy-reply-threshold");
        _file?.Complete($"busy script pass (client {running.Id})", "busy", TraceFile.LoopTrack, started, ended, "");
        _file?.Flush();
        WriteLines();
    }

    // ---- text -----------------------------------------------------------------------------------

    private void Activity()
    {
        _cycleActive = true;
        _passActive = true;
    }

    private void Line(string message, bool summary = false)
    {
        if (!_text) return;
        _lines.Append(summary ? "" : $"cycle {stats.Cycles} | ").Append(message).Append('\n');
    }

    private void WriteLines()
    {
        if (_lines.Length == 0) return;
        foreach (var line in _lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) Log.Trace(line);
        _lines.Clear();
    }

    private static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    private static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>
    /// The JSON file, in the Trace Event Format's array form: one event object per line,
    /// timestamps in microseconds since the file was opened.
    /// </summary>
    private sealed class TraceFile
    {
        public const int Pid = 1;
        public const int LoopTrack = 0;
        public const int TimerTrack = 1;

        /// <summary>Client n's track; thread ids above the loop's and the timers' keep clients sorted by id.</summary>
        public static long ClientTrack(long clientId) => 1000 + clientId;

        private readonly StreamWriter _writer;
        private readonly long _origin = Stopwatch.GetTimestamp();
        private readonly HashSet<long> _named = new();
        private bool _first = true;

        public TraceFile(string path)
        {
            Path = path;
            _writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
            _writer.Write("[\n");
            Event($"{{\"name\":\"process_name\",\"ph\":\"M\",\"ts\":0,\"pid\":{Pid},\"tid\":{LoopTrack},\"args\":{{\"name\":\"EventLoopRedis\"}}}}");
            Name(LoopTrack, "event loop");
            Name(TimerTrack, "timers");
        }

        public string Path { get; }

        public void Complete(string name, string category, long track, long started, long ended, string args, string? trackName = null)
        {
            if (trackName is not null) Name(track, trackName);
            long ts = Nanoseconds(started);
            Event($"{{\"name\":\"{Escape(name)}\",\"cat\":\"{category}\",\"ph\":\"X\",\"ts\":{Micros(ts)},\"dur\":{Micros(Nanoseconds(ended) - ts)}," +
                $"\"pid\":{Pid},\"tid\":{track},\"args\":{{{args}}}}}");
        }

        public void Instant(string name, long track, long at, string args, string trackName)
        {
            Name(track, trackName);
            Event($"{{\"name\":\"{name}\",\"cat\":\"{name}\",\"ph\":\"i\",\"s\":\"t\",\"ts\":{Micros(Nanoseconds(at))}," +
                $"\"pid\":{Pid},\"tid\":{track},\"args\":{{{args}}}}}");
        }

        public void Flush() => _writer.Flush();

        public void Close()
        {
            _writer.Write("\n]\n");
            _writer.Dispose();
        }

        private void Name(long track, string name)
        {
            if (!_named.Add(track)) return;
            Event($"{{\"name\":\"thread_name\",\"ph\":\"M\",\"ts\":0,\"pid\":{Pid},\"tid\":{track},\"args\":{{\"name\":\"{Escape(name)}\"}}}}");
            Event($"{{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"ts\":0,\"pid\":{Pid},\"tid\":{track},\"args\":{{\"sort_index\":{track}}}}}");
        }

        private void Event(string json)
        {
            if (!_first) _writer.Write(",\n");
            _first = false;
            _writer.Write(json);
        }

        // Whole nanoseconds, so that a slice's end (ts + dur) is exactly what it was measured as
        // and children never poke out of their parents by a rounding error.
        // Anything that began before the file was opened (the resume that opened it) starts at 0.
        private long Nanoseconds(long ticks) => (long)((Int128)Math.Max(0, ticks - _origin) * 1_000_000_000 / Stopwatch.Frequency);

        private static string Micros(long nanoseconds) =>
            (nanoseconds / 1000).ToString(CultureInfo.InvariantCulture) + "." + (nanoseconds % 1000).ToString("D3", CultureInfo.InvariantCulture);

        private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
    }
}
