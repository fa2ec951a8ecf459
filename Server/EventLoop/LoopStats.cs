// Counters of the event loop's schedule, reported by INFO eventloop. Redis has no such
// section; its nearest cousins are the eventloop_* fields of INFO stats in Redis 7.2.

using System.Diagnostics;

namespace EventLoopRedis.EventLoop;

/// <summary>
/// Plain counters the loop bumps as it works: always on, since each costs an increment
/// (the two timestamps per resume are the dearest part). <see cref="LoopTrace"/> updates
/// them at the same hooks where it narrates, so the numbers and the trace never disagree.
/// docs/operations.md describes every field.
/// </summary>
internal sealed class LoopStats
{
    /// <summary>Every way a coroutine can yield, in the order of the <see cref="Step"/> enum.</summary>
    public static readonly Step[] Reasons = Enum.GetValues<Step>();

    public long Cycles;
    public long SelectCalls;
    /// <summary>Stopwatch ticks spent inside Socket.Select, waiting or not.</summary>
    public long SelectTicks;
    public long Resumes;
    /// <summary>Yields counted by reason, indexed by <c>(int)Step</c>.</summary>
    public readonly long[] Yields = new long[Reasons.Length];
    /// <summary>Commands run by the cycle that ran the most.</summary>
    public long MaxCommandsPerCycle;
    /// <summary>Cycles that ran at least one command, and the commands they ran.</summary>
    public long BusyCycles;
    public long CommandsInBusyCycles;
    public int ReadyHighWater;
    public long LongestResumeTicks;
    /// <summary>The command the longest resume ran ("" when it ran none: a resume that only found half a command).</summary>
    public string LongestResumeCommand = "";
    /// <summary>Non-blocking sends of replies, and the clients flushed (one flush may take several sends).</summary>
    public long FlushSends;
    public long Flushes;
    public long TimersFired;
    /// <summary>Passes of the loop made from inside a script past busy-reply-threshold.</summary>
    public long BusyScriptPasses;

    // What the loop pays per socket and per client, counted rather than timed: with many idle
    // clients these show whether their cost stays out of the busy loop (architecture.md).
    /// <summary>Sockets handed to the main Select calls (listeners, read list and write list).</summary>
    public long SelectSockets;
    /// <summary>The cold set's slice polls (Selects of their own, timeout 0), and the sockets they held.</summary>
    public long ColdPolls;
    public long ColdSocketsPolled;
    /// <summary>Cold clients read (a slice found them readable), and the ticks spent in the slices' Selects and those reads.</summary>
    public long ColdReads;
    public long ColdTicks;
    /// <summary>Clients the cron looked at one by one: the hot set to cool it, a share of the cold set for timeouts.</summary>
    public long CronClientVisits;

    // The read sets (ReadInterest), as the cron last saw them.
    public int HotClients;
    public int ColdClients;
    public double ColdPeriodMs;

    public static double TicksToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    /// <summary>"RanCommand" → "ran_command": the INFO field suffix of a yield reason.</summary>
    public static string FieldName(Step step)
    {
        var name = step.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
