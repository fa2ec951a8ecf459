// The Lua threads a running script is executing in (the runner and the coroutines it resumed),
// and the hook they should all carry. Lua 5.4 keeps a hook per thread, so a hook set on the
// runner never reaches a coroutine created before it; Redis's Lua 5.1 had the same per-thread hooks.

namespace EventLoopRedis.Scripting;

/// <summary>What the count hook of every script thread should be.</summary>
internal enum ScriptHook
{
    /// <summary>No hook: the script runs at full speed.</summary>
    None,
    /// <summary>The managed hook every <see cref="ScriptEngine.HookInstructionCount"/> instructions (the watchdog's).</summary>
    Watch,
    /// <summary>The managed hook at every instruction: the next yieldable instruction abandons the script.</summary>
    StopSoon,
    /// <summary>
    /// Native <c>lua_newthread</c> at every instruction, with new threads refused by the heap: each
    /// instruction raises a memory error, which skips message handlers (see <see cref="ScriptEngine"/>).
    /// </summary>
    Abort,
}

/// <summary>
/// The stack of threads the script is running in: the runner at the bottom, then each coroutine
/// it resumed (runtime.lua reports every resume and return through the <c>enter</c> and
/// <c>leave</c> natives). Only the top one runs; the others wait inside coroutine.resume. The
/// watchdog thread changes the hook from outside, so every change is made under a lock and applied
/// to all of them, and a thread entering the stack takes the current hook with it.
/// </summary>
internal sealed unsafe class ScriptThreads
{
    private readonly Lock _gate = new();
    private IntPtr[] _stack = new IntPtr[8];
    private int _depth;
    private volatile ScriptHook _hook;
    private long _generation;
    private volatile bool _hooked;
    private int _watchCount = ScriptEngine.HookInstructionCount;
    private long _lastHook;

    /// <summary>The hook's count for a script that went quiet (see <see cref="SpeedUpIfQuiet"/>).</summary>
    public const int QuietCount = 1000;
    private static readonly delegate* unmanaged<IntPtr, IntPtr, void> s_abortHook =
        (delegate* unmanaged<IntPtr, IntPtr, void>)LuaApi.Export("lua_newthread");

    // Read by the loop after every script: a volatile field read, not the lock (each change is
    // made under it, and a reader sees either the old or the new value).
    public ScriptHook Hook => _hook;

    /// <summary>Whether the script that ended last had a hook at any time (it costs every instruction).</summary>
    public bool Hooked => _hooked;

    /// <summary>Counts the scripts started, so that the watchdog can tell one long script from two short ones.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>True while a script runs.</summary>
    public bool Running
    {
        get { lock (_gate) return _depth > 0; }
    }

    /// <summary>A script starts in <paramref name="runner"/>, without a hook.</summary>
    public void Start(IntPtr runner)
    {
        lock (_gate)
        {
            _depth = 0;
            Push(runner);
            _hook = ScriptHook.None;
            _hooked = false;
            _watchCount = ScriptEngine.HookInstructionCount;
            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>The watchdog's call: the count hook on script <paramref name="generation"/>, if it still runs without one.</summary>
    public void Watch(long generation)
    {
        lock (_gate)
        {
            if (_depth == 0 || _generation != generation || _hook != ScriptHook.None) return;
            _hook = ScriptHook.Watch;
            _hooked = true;
            Volatile.Write(ref _lastHook, System.Diagnostics.Stopwatch.GetTimestamp());
            for (int i = 0; i < _depth; i++) Apply(_stack[i], ScriptHook.Watch);
        }
    }

    /// <summary>The hook ran (the watchdog reads when it last did).</summary>
    public void HookRan() => Volatile.Write(ref _lastHook, System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>
    /// The watchdog's second call: a script that spends its time in C functions (string.rep,
    /// table.concat, sort) runs few instructions, so the count hook may fire only every few
    /// seconds. When it has not fired for <paramref name="quietMs"/>, it fires every
    /// <see cref="QuietCount"/> instructions from then on. Once only: on a loaded machine a
    /// descheduled loop thread looks quiet too, and at this count the hook costs pure Lua code a
    /// few percent, where a count near 1 would cost it several times over.
    /// </summary>
    public void SpeedUpIfQuiet(long generation, int quietMs)
    {
        lock (_gate)
        {
            if (_depth == 0 || _generation != generation || _hook != ScriptHook.Watch || _watchCount == QuietCount) return;
            if (System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _lastHook)).TotalMilliseconds < quietMs) return;
            _watchCount = QuietCount;
            Volatile.Write(ref _lastHook, System.Diagnostics.Stopwatch.GetTimestamp());
            for (int i = 0; i < _depth; i++) Apply(_stack[i], ScriptHook.Watch);
        }
    }

    /// <summary>Gives <paramref name="thread"/> the script's current hook again.</summary>
    public void Reapply(IntPtr thread)
    {
        lock (_gate) Apply(thread, _hook);
    }

    /// <summary>
    /// The script ended: the runner loses its hook and no thread is tracked any more. A coroutine
    /// left with a hook loses it when it is next resumed (<see cref="Enter"/>).
    /// </summary>
    public void End()
    {
        lock (_gate)
        {
            _hooked |= _hook != ScriptHook.None;
            _hook = ScriptHook.None;
            if (_depth > 0) Apply(_stack[0], ScriptHook.None);
            _depth = 0;
        }
    }

    /// <summary>Sets the hook of every thread of the script; false if no script runs (the watchdog came too late).</summary>
    public bool Set(ScriptHook hook)
    {
        lock (_gate)
        {
            if (_depth == 0) return false;
            if (hook < _hook) return true; // never back from stopping to watching
            _hook = hook;
            _hooked = true;
            for (int i = 0; i < _depth; i++) Apply(_stack[i], hook);
            return true;
        }
    }

    /// <summary>
    /// <paramref name="from"/> resumes <paramref name="coroutine"/>, which runs with the script's hook.
    /// Threads above <paramref name="from"/> are gone: a memory error can skip a coroutine's
    /// <see cref="Leave"/>, never the caller's running (runtime.lua keeps them alive until the next script).
    /// </summary>
    public void Enter(IntPtr from, IntPtr coroutine)
    {
        lock (_gate)
        {
            if (_depth == 0) return;
            TruncateTo(from);
            Push(coroutine);
            Apply(coroutine, _hook);
        }
    }

    /// <summary>A coroutine yielded or ended, back to <paramref name="thread"/>, which may have missed a hook change meanwhile.</summary>
    public void Leave(IntPtr thread)
    {
        lock (_gate)
        {
            if (_depth == 0) return;
            TruncateTo(thread);
            Apply(thread, _hook);
        }
    }

    private void TruncateTo(IntPtr thread)
    {
        for (int i = _depth - 1; i >= 0; i--)
        {
            if (_stack[i] != thread) continue;
            _depth = i + 1;
            return;
        }
    }

    private void Push(IntPtr thread)
    {
        if (_depth == _stack.Length) Array.Resize(ref _stack, _depth * 2);
        _stack[_depth++] = thread;
    }

    /// <summary>lua_sethook only stores fields in the thread, which is why the watchdog may call it while the thread runs.</summary>
    private void Apply(IntPtr thread, ScriptHook hook)
    {
        switch (hook)
        {
            case ScriptHook.None: LuaApi.lua_sethook(thread, null, 0, 0); break;
            case ScriptHook.Watch: LuaApi.lua_sethook(thread, &LuaCallbacks.Hook, LuaApi.MaskCount, _watchCount); break;
            case ScriptHook.StopSoon: LuaApi.lua_sethook(thread, &LuaCallbacks.Hook, LuaApi.MaskCount, 1); break;
            case ScriptHook.Abort: LuaApi.lua_sethook(thread, s_abortHook, LuaApi.MaskCount, 1); break;
        }
    }
}
