// Which client sockets each Select call watches for input: active clients every cycle, idle ones
// in slices. No Redis counterpart: epoll costs Redis nothing per idle socket, Select costs us
// about 100 ns per socket per call (the kernel's poll walks the whole array every time).

using System.Diagnostics;
using System.Net.Sockets;

namespace EventLoopRedis.EventLoop;

/// <summary>
/// The read side of Select's lists, split by activity so that 10,000 idle connections do not
/// cost every cycle 10,000 sockets:
/// <list type="bullet">
/// <item>the <b>hot</b> set: clients that ran a command in the last <see cref="ColdAfterMs"/>.
///       They are in every Select call, as before;</item>
/// <item>the <b>cold</b> set: the others. After each main Select the loop polls the next slice of
///       them with a Select of its own (timeout 0). Slices are sized so that every cold socket is
///       polled once per <see cref="MinColdPeriodMs"/>, unless that would take more than
///       <see cref="ColdShare"/> of the loop's time: then the round stretches to keep within that
///       share, measured from what the slices' Selects actually cost. A cold client that turns out
///       readable is read within a few cycles; it moves back to the hot set when that completes a command or
///       brought at least <see cref="WarmReadBytes"/>, so a client trickling a byte at a time (a
///       slowloris) stays cold. The cron moves hot clients that ran no command for a while to the
///       cold set.</item>
/// </list>
/// The price is a bounded wake-up delay for a cold client while the loop is busy: its first
/// command waits at most one round, <see cref="ColdPeriodMs"/> (10 ms, or about 30 ms for 10,000
/// idle clients on a quiet machine), before Select sees it. When the loop is idle nobody pays it:
/// after a Select that found nothing, the next one, which may sleep until the next timer, watches
/// every socket.
/// </summary>
internal sealed class ReadInterest
{
    /// <summary>A client that has run no command for this long leaves the hot set.</summary>
    public const long ColdAfterMs = 1000;

    /// <summary>A read this large warms a cold client up before it has a whole command.</summary>
    public const int WarmReadBytes = 1024;

    /// <summary>The shortest round over the cold set: no cold socket is polled more often.</summary>
    public const int MinColdPeriodMs = 10;

    /// <summary>The most of the loop's time that polling cold sockets may take.</summary>
    public const double ColdShare = 0.10;

    /// <summary>
    /// Slices are polled at most this often, however fast the loop cycles: a busy loop makes tens of
    /// thousands of cycles a second, and a Select per cycle for one or two cold sockets would pay the
    /// call's fixed cost (about 0.5 us: the system call, .NET's list handling) over and over for
    /// almost nothing. Short enough that each slice stays small (see <see cref="SliceStallUs"/>).
    /// </summary>
    public const int MinSliceIntervalUs = 100;

    /// <summary>
    /// What the cold set's work in one cycle (a slice's Select, then the reads of the clients found
    /// readable) may cost, unless a tenth of the time since the last such turn is more (up to 8 times
    /// this): a hot client's request that arrives meanwhile waits for it, so many small turns keep its
    /// latency, where 100 sockets in one Select (about 45 us on a busy machine) and every readable
    /// client read at once put it in the p99 (1,000 trickling clients, docs/architecture.md).
    /// </summary>
    public const int SliceStallUs = 12;

    /// <summary>The cold set's time in one cycle: <see cref="SliceStallUs"/>, or a tenth of <paramref name="sinceLastTurn"/> (ticks) if more, up to 8 times it.</summary>
    public static long StallBudgetTicks(long sinceLastTurn) =>
        Math.Clamp((long)(sinceLastTurn * ColdShare), SliceStallTicks, 8 * SliceStallTicks);

    private static readonly long MinColdPeriodTicks = Stopwatch.Frequency * MinColdPeriodMs / 1000;
    private static readonly long MinSliceIntervalTicks = Stopwatch.Frequency * MinSliceIntervalUs / 1_000_000;
    private static readonly long SliceStallTicks = Stopwatch.Frequency * SliceStallUs / 1_000_000;

    private readonly List<Client> _hot = new();

    // Cold clients in polling order. An entry is live when the client is still cold and this is
    // its slot (a client warmed and cooled again has a newer slot further on); the dead ones are
    // dropped whenever the cursor wraps round.
    private readonly List<Client> _cold = new();
    private int _coldCursor;
    // Where the cron's round over the cold set (idle timeouts) continues: a slot of _cold.
    private int _cronCursor;
    private long _lastSliceTimestamp = Stopwatch.GetTimestamp();

    // The time budget: ColdShare of the elapsed time accrues as credit, each slice's Select spends
    // what it took. The cost per socket starts at a guess and follows the measurements.
    private double _creditTicks;
    private double _costTicksPerSocket = Stopwatch.Frequency / 2_000_000.0; // 0.5 us

    /// <summary>Set when a Select found nothing: the next one watches every socket.</summary>
    public bool WatchEverything { get; set; }

    public int HotCount => _hot.Count;
    public int ColdCount { get; private set; }

    /// <summary>True when some clients are only polled in slices (so Select must not sleep long).</summary>
    public bool HasColdClients => ColdCount > 0;

    /// <summary>How long a round over the cold set takes at the current cost: the wake-up bound.</summary>
    public double ColdPeriodMs =>
        Math.Max(MinColdPeriodMs, ColdCount * _costTicksPerSocket / ColdShare * 1000 / Stopwatch.Frequency);

    public void Add(Client client) => _hot.Add(client);

    /// <summary>Appends the sockets the main Select watches for input: the hot ones, or all when idle.</summary>
    public void Fill(List<Socket> readList)
    {
        foreach (var client in _hot)
        {
            if (WantsInput(client)) readList.Add(client.Socket!);
        }
        if (!WatchEverything) return;
        for (int i = 0; i < _cold.Count; i++)
        {
            if (IsLiveCold(_cold[i], i) && WantsInput(_cold[i])) readList.Add(_cold[i].Socket!);
        }
        _lastSliceTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Appends the cold sockets whose turn has come (none while <see cref="WatchEverything"/>, when
    /// the main Select had them all); the caller polls them and reports the cost.
    /// </summary>
    public void FillColdSlice(List<Socket> slice)
    {
        if (ColdCount == 0 || WatchEverything) return;
        long now = Stopwatch.GetTimestamp();
        long elapsed = now - _lastSliceTimestamp;
        if (elapsed < MinSliceIntervalTicks) return;
        // Credit accrues with time, capped at one full round's worth so an idle spell cannot bank a burst.
        _creditTicks = Math.Min(_creditTicks + elapsed * ColdShare, _cold.Count * _costTicksPerSocket);
        long byRate = _cold.Count * elapsed / MinColdPeriodTicks;
        long byBudget = (long)(_creditTicks / _costTicksPerSocket);
        long byStall = (long)(StallBudgetTicks(elapsed) / _costTicksPerSocket);
        int due = (int)Math.Min(_cold.Count, Math.Min(Math.Min(byRate, byBudget), Math.Max(1, byStall)));
        if (due == 0) return; // too early for even one: the share builds up until the next cycle
        _lastSliceTimestamp = now;
        for (int i = 0; i < due; i++)
        {
            if (_coldCursor >= _cold.Count)
            {
                DropDeadColdEntries(); // a full round is done: the next one starts next cycle
                return;
            }
            var client = _cold[_coldCursor];
            if (IsLiveCold(client, _coldCursor) && WantsInput(client)) slice.Add(client.Socket!);
            _coldCursor++;
        }
    }

    /// <summary>
    /// What polling a slice of <paramref name="sockets"/> cost: spent from the credit, and learnt. A
    /// sample counts for at most twice the estimate: a slice preempted on a busy machine (one took
    /// 50 us for 8 sockets) would otherwise multiply the cost, shrink the slices to a socket or two
    /// and stretch the round (and the wake-up bound) far past what polling really costs; a lasting
    /// change still comes through, 10% per slice.
    /// </summary>
    public void SliceCost(int sockets, long ticks)
    {
        _creditTicks -= ticks;
        if (sockets < 8) return;
        double sample = Math.Min((double)ticks / sockets, 2 * _costTicksPerSocket);
        _costTicksPerSocket = 0.9 * _costTicksPerSocket + 0.1 * sample;
    }

    /// <summary>A cold client ran a command or sent a sizeable read: it is hot again (its cold slot goes dead).</summary>
    public void Warm(Client client)
    {
        if (!client.IsCold) return;
        client.IsCold = false;
        ColdCount--;
        _hot.Add(client);
        if (Log.Tracing) Log.Debug($"client {client.Id} is active again: back to the hot set");
    }

    /// <summary>
    /// Cron work over the hot set, the only clients it visits every tick: those idle for
    /// <see cref="ColdAfterMs"/> move to the cold set, closed ones are forgotten, and big query
    /// buffers left idle are given back (a cold client's buffer was given back as it cooled, and
    /// stays small: a client that sends in earnest is hot again). A client with commands still
    /// buffered stays hot. Returns how many clients it visited.
    /// </summary>
    public int Cool(long nowMs)
    {
        int visited = _hot.Count;
        int kept = 0;
        for (int i = 0; i < _hot.Count; i++)
        {
            var client = _hot[i];
            if (client.IsClosing || client.IsCold) continue;
            client.Query.ShrinkIfIdle();
            if (nowMs - client.LastCommandMs >= ColdAfterMs && !client.IsReady)
            {
                client.IsCold = true;
                client.ColdSlot = _cold.Count;
                _cold.Add(client);
                ColdCount++;
                if (Log.Tracing) Log.Debug($"client {client.Id} idle for {nowMs - client.LastCommandMs} ms: moves to the cold set");
                continue;
            }
            _hot[kept++] = client;
        }
        _hot.RemoveRange(kept, _hot.Count - kept);
        return visited;
    }

    /// <summary>
    /// Cron work over the cold set, a share per tick: appends the next <paramref name="count"/> cold
    /// clients in turn (wrapping round), so that with count = cold clients / hz each is visited
    /// about once a second, as clientsCron visits numclients/hz clients per call. What it is for:
    /// the idle timeout, which only a cold client can have run past (a hot one ran a command in the
    /// last second, and a timeout is a whole number of seconds).
    /// </summary>
    public void NextColdClients(int count, List<Client> into)
    {
        count = Math.Min(count, _cold.Count);
        for (int i = 0; i < count; i++)
        {
            if (_cronCursor >= _cold.Count) _cronCursor = 0;
            var client = _cold[_cronCursor];
            if (IsLiveCold(client, _cronCursor)) into.Add(client);
            _cronCursor++;
        }
    }

    /// <summary>A closing client leaves the counts at once; its list entries are dropped later.</summary>
    public void Remove(Client client)
    {
        if (client.IsCold)
        {
            client.IsCold = false;
            ColdCount--;
        }
    }

    /// <summary>Reading is paused for clients that still have commands to run (bounded reads) or too much output.</summary>
    public static bool WantsInput(Client client) =>
        !client.IsClosing && !client.IsReady && !client.IsOutputThrottled && !client.CloseAfterReply && !client.IsReadSuspended;

    private static bool IsLiveCold(Client client, int slot) => client.IsCold && client.ColdSlot == slot;

    private void DropDeadColdEntries()
    {
        int kept = 0;
        int cronCursor = -1;
        for (int i = 0; i < _cold.Count; i++)
        {
            if (i == _cronCursor) cronCursor = kept; // the cron's round goes on from the same client
            var client = _cold[i];
            if (!IsLiveCold(client, i)) continue;
            client.ColdSlot = kept;
            _cold[kept++] = client;
        }
        _cold.RemoveRange(kept, _cold.Count - kept);
        _coldCursor = 0;
        _cronCursor = cronCursor < 0 ? 0 : cronCursor;
    }
}
