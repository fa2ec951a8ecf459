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
/// the script's threads (the runner and the coroutines it is inside, see <see cref="ScriptThreads"/>)
/// with <c>lua_sethook</c>. That call is the one Lua documents as safe to make asynchronously
/// (the standalone interpreter makes it from a signal handler to stop a script on Ctrl-C): it
/// only stores the hook and sets flags that the interpreter polls. From then on the hook (on
/// the loop thread) does the real work: <see cref="ScriptEngine.OnHook"/>.
/// </para>
/// </summary>
internal sealed class BusyWatchdog : IDisposable
{
    public const int PeriodMs = 10;

    /// <summary>A hooked script whose hook has not run for this long gets it more often (see <see cref="ScriptThreads.SpeedUpIfQuiet"/>).</summary>
    public const int QuietMs = 50;

    private readonly ScriptThreads _threads;
    private Thread? _thread;
    private volatile bool _disposed;

    public BusyWatchdog(ScriptThreads threads) => _threads = threads;

    /// <summary>Called by the loop thread as a script starts (after <see cref="ScriptThreads.Start"/>).</summary>
    public void ScriptStarted()
    {
        if (_thread is null) StartThread();
    }

    private void StartThread()
    {
        _thread = new Thread(Watch) { IsBackground = true, Name = "lua-busy-watchdog" };
        _thread.Start();
    }

    private void Watch()
    {
        long seen = -1;
        while (!_disposed)
        {
            Thread.Sleep(PeriodMs);
            long current = _threads.Generation;
            if (current == seen && _threads.Running)
            {
                _threads.Watch(current);
                _threads.SpeedUpIfQuiet(current, QuietMs);
            }
            seen = current;
        }
    }

    public void Dispose() => _disposed = true;
}
