// Installs the count hook on a script that has been running for a while, from a background
// thread. Redis installs it before every script (luaCallFunction); here that would cost too
// much, see below.

namespace EventLoopRedis.Scripting;

/// <summary>
/// In Lua 5.4 a count hook makes the interpreter check a counter at every instruction as
/// long as it is installed, whatever the count: pure Lua code runs about 1.7x slower with
/// it (measured here; under 5% for scripts that mostly call redis.call). Most scripts end
/// in microseconds, long before any busy threshold, so they should not pay for it.
/// <para>
/// A loop such as <c>while true do end</c> never calls back into the server, so only
/// another thread can notice it. This one wakes every <see cref="PeriodMs"/> ms; when it
/// finds the same script still running as on its previous look, it installs the hook on
/// the script's coroutine with <c>lua_sethook</c>. That call is the one Lua documents as
/// safe to make asynchronously (the standalone interpreter makes it from a signal handler
/// to stop a script on Ctrl-C): it only stores the hook and sets flags that the
/// interpreter polls. From then on the hook (on the loop thread) does the real work:
/// <see cref="ScriptEngine.OnHook"/>.
/// </para>
/// </summary>
internal sealed class BusyWatchdog : IDisposable
{
    public const int PeriodMs = 10;

    private readonly object _gate = new();
    private Thread? _thread;
    private bool _disposed;

    // Written by the loop thread at each script start and end, read by the watchdog.
    private IntPtr _runner;
    private ScriptRun? _run;
    private long _runNumber;
    // 0 or 1, written with Interlocked (full fences): with _installing they form the
    // store-then-load handshake that lets ScriptEnded know whether it must wait.
    private int _running;
    private int _installing;

    /// <summary>The coroutine of the running script, or zero.</summary>
    public IntPtr Thread => Volatile.Read(ref _running) == 1 ? _runner : IntPtr.Zero;

    /// <summary>Called by the loop thread as a script starts: two plain stores, nothing more on the fast path.</summary>
    public void ScriptStarted(IntPtr runner, ScriptRun run)
    {
        if (_thread is null) StartThread();
        _runner = runner;
        _run = run;
        Interlocked.Increment(ref _runNumber);
        Interlocked.Exchange(ref _running, 1);
    }

    /// <summary>Called by the loop thread as the script ends; afterwards the watchdog leaves the coroutine alone.</summary>
    public void ScriptEnded()
    {
        Interlocked.Exchange(ref _running, 0);
        // A hook being installed right now: wait for it, so that the caller sees HookInstalled and removes it.
        if (Volatile.Read(ref _installing) == 1) lock (_gate) { }
    }

    private void StartThread()
    {
        _thread = new Thread(Watch) { IsBackground = true, Name = "lua-busy-watchdog" };
        _thread.Start();
    }

    private void Watch()
    {
        long seen = -1;
        while (true)
        {
            System.Threading.Thread.Sleep(PeriodMs);
            lock (_gate)
            {
                if (_disposed) return;
                long current = Interlocked.Read(ref _runNumber);
                if (Volatile.Read(ref _running) == 1 && current == seen && _run is { HookInstalled: false } run)
                {
                    Interlocked.Exchange(ref _installing, 1);
                    if (Volatile.Read(ref _running) == 1 && Interlocked.Read(ref _runNumber) == current)
                    {
                        ScriptEngine.InstallHook(_runner, ScriptEngine.HookInstructionCount);
                        run.HookInstalled = true;
                    }
                    Interlocked.Exchange(ref _installing, 0);
                }
                seen = current;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
    }
}
