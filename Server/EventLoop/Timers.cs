// Time events: callbacks that run between Select calls when they are due.
// cf. aeCreateTimeEvent and processTimeEvents in ae.c.

using System.Diagnostics;

namespace EventLoopRedis.EventLoop;

/// <summary>
/// A timer callback returns the milliseconds until it should run again, or -1 to stop,
/// exactly like an ae time event. The loop asks <see cref="TicksUntilNext"/> to choose
/// Select's timeout, so an idle server sleeps until its next timer and no longer.
/// </summary>
internal sealed class Timers
{
    private readonly PriorityQueue<Func<int>, long> _queue = new();
    private readonly List<Func<int>> _due = new();

    /// <summary>Told of every timer that fires (the loop's schedule trace).</summary>
    public LoopTrace? Trace { get; set; }

    /// <summary>Schedules <paramref name="callback"/> to run in <paramref name="delayMs"/> milliseconds.</summary>
    public void Add(int delayMs, Func<int> callback) => _queue.Enqueue(callback, Now + ToTicks(delayMs));

    public long TicksUntilNext() =>
        _queue.TryPeek(out _, out long due) ? Math.Max(0, due - Now) : Stopwatch.Frequency;

    /// <summary>Runs every timer whose time has come, then schedules each again if it asks to.</summary>
    public void RunDue()
    {
        long now = Now;
        while (_queue.TryPeek(out var callback, out long due) && due <= now)
        {
            _queue.Dequeue();
            _due.Add(callback);
        }
        foreach (var callback in _due)
        {
            long started = Stopwatch.GetTimestamp();
            int next = callback();
            Trace?.TimerFired(callback, started);
            if (next >= 0) Add(next, callback);
        }
        _due.Clear();
    }

    private static long Now => Stopwatch.GetTimestamp();

    private static long ToTicks(int ms) => ms * Stopwatch.Frequency / 1000;
}
