// The state of the script being executed: who called it, what it may do, how long it has
// run, whether it was killed. cf. scriptRunCtx in script.h.

using System.Diagnostics;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Scripting;

/// <summary>Script flags, from a shebang (<c>#!lua flags=...</c>) or <c>redis.register_function</c>. cf. SCRIPT_FLAG_*.</summary>
[Flags]
internal enum ScriptFlags
{
    None = 0,
    NoWrites = 1,
    AllowOom = 2,
    AllowStale = 4,
    NoCluster = 8,
    /// <summary>An EVAL script without a shebang: the Redis 6 rules, flags unchecked.</summary>
    EvalCompatMode = 16,
}

/// <summary>
/// One object, reused for every script (only one runs at a time, on the loop thread). It
/// lives while EVAL/FCALL runs; <see cref="ScriptEngine.Running"/> is null otherwise.
/// </summary>
internal sealed class ScriptRun
{
    /// <summary>The client that sent EVAL or FCALL.</summary>
    public Client Caller = null!;

    /// <summary>The SHA1 of an EVAL script, or the function's name: what errors and FUNCTION STATS show.</summary>
    public string Name = "";

    /// <summary>True for EVAL/EVALSHA (SCRIPT KILL applies), false for FCALL (FUNCTION KILL applies).</summary>
    public bool IsEval;

    /// <summary>Write commands are refused: an *_RO command, or a no-writes script.</summary>
    public bool ReadOnly;

    /// <summary>The script declared allow-oom: redis.call runs denyoom commands even over maxmemory.</summary>
    public bool AllowOom;

    /// <summary>A write command ran: SCRIPT KILL is refused from now on (UNKILLABLE).</summary>
    public bool WriteDirty;

    /// <summary>The script ran past busy-reply-threshold: the loop serves other clients from inside it.</summary>
    public bool TimedOut;

    /// <summary>SCRIPT KILL or FUNCTION KILL asked it to stop; so did SHUTDOWN NOSAVE (<see cref="ShutdownKill"/>).</summary>
    public bool Killed;
    public bool ShutdownKill;

    /// <summary>The count hook was installed for this run (by the watchdog or a kill), known once it ended.</summary>
    public bool HookInstalled;

    /// <summary>Where a script that could not yield was when the abort began (see ScriptEngine.Stop).</summary>
    public (string Source, int Line) KillPosition;

    public long StartTimestamp;

    /// <summary>Stopwatch timestamp when the loop last served events for this run (they are served at most once a millisecond).</summary>
    public long LastEventsTimestamp;

    public long ElapsedMs => (long)Stopwatch.GetElapsedTime(StartTimestamp).TotalMilliseconds;

    public void Start(Client caller, string name, bool isEval, bool readOnly)
    {
        Caller = caller;
        Name = name;
        IsEval = isEval;
        ReadOnly = readOnly;
        WriteDirty = TimedOut = Killed = ShutdownKill = HookInstalled = AllowOom = false;
        StartTimestamp = Stopwatch.GetTimestamp();
        LastEventsTimestamp = 0;
    }
}
