// One sandboxed Lua interpreter: the standard libraries Redis allows, cjson, cmsgpack, bit,
// struct, the redis API, read-only globals. cf. luaRegisterRedisAPI in script_lua.c,
// scriptingInit in eval.c and luaEngineInitEngine in function_lua.c.

using System.Reflection;
using System.Text;

namespace EventLoopRedis.Scripting;

internal enum LuaMode
{
    /// <summary>EVAL scripts: KEYS and ARGV are globals.</summary>
    Eval,
    /// <summary>FUNCTION libraries: the code registers functions, called with (keys, args).</summary>
    Function,
}

/// <summary>
/// As in Redis there are two of these: one for EVAL scripts, one for function libraries.
/// Scripts do not run on the main Lua thread but in <see cref="Runner"/>, a coroutine
/// created once: a count hook can then suspend a script with <c>lua_yield</c>, which
/// (unlike <c>lua_error</c>) returns normally from managed code, and the engine decides
/// whether to resume it or throw it away. That is how SCRIPT KILL stops a script without
/// raising a Lua error from C#, and why pcall cannot catch the kill.
/// </summary>
internal sealed unsafe class LuaState : IDisposable
{
    private static readonly string[] Libraries = ["bit", "struct", "cjson", "cmsgpack"];

    private readonly KeraLua.Lua _lua;
    private readonly IntPtr _heap;
    private int _runnerRef;

    /// <summary>A state whose heap may grow to <paramref name="heapLimit"/> bytes (0: no limit); see <see cref="LuaHeap"/>.</summary>
    public LuaState(LuaMode mode, long heapLimit)
    {
        Mode = mode;
        _lua = new KeraLua.Lua(openLibs: false);
        IntPtr L = _lua.Handle;
        _heap = LuaHeap.Install(L, heapLimit);
        // Lua 5.4's generational collector: what a script leaves (KEYS, ARGV, redis.call's replies)
        // dies young, and a minor collection visits only young objects, where the incremental
        // collector Redis's Lua 5.1 has walks the whole state (runtime.lua, cjson, cmsgpack...) a
        // cycle at a time. EVALSHA of `return 1` went from 1.62 to 1.07 µs of CPU (EvalShaBenchmarks).
        LuaApi.lua_gc_generational(L, LuaApi.GcGen, 0, 0);

        OpenLibrary(L, "_G\0"u8, "luaopen_base");
        OpenLibrary(L, "table\0"u8, "luaopen_table");
        OpenLibrary(L, "string\0"u8, "luaopen_string");
        OpenLibrary(L, "math\0"u8, "luaopen_math");
        OpenLibrary(L, "coroutine\0"u8, "luaopen_coroutine");
        OpenLibrary(L, "debug\0"u8, "luaopen_debug"); // for the message handler; removed from the globals

        Runner = LuaApi.lua_newthread(L);
        LuaHeap.SetRunner(_heap, Runner);
        _runnerRef = LuaApi.luaL_ref(L, LuaApi.RegistryIndex); // keeps the coroutine alive

        // runtime.lua(mode, natives, runner, libraries) returns { run, load, env, globals }.
        Compile(L, "runtime", "=runtime\0"u8);
        LuaApi.PushBytes(L, mode == LuaMode.Eval ? "eval"u8 : "function"u8);
        LuaCallbacks.PushNatives(L);
        LuaApi.lua_rawgeti(L, LuaApi.RegistryIndex, _runnerRef);
        LuaApi.lua_createtable(L, 0, Libraries.Length);
        foreach (var name in Libraries)
        {
            Compile(L, name, Encoding.ASCII.GetBytes("=" + name + "\0"));
            LuaApi.RawSetField(L, -2, Encoding.ASCII.GetBytes(name));
        }
        if (LuaApi.PCall(L, 4, 1) != LuaApi.Ok)
            throw new InvalidOperationException("Lua runtime failed to start: " + Encoding.Latin1.GetString(LuaApi.ToBytes(L, -1)));

        RunRef = Field(L, "run"u8);
        LoadRef = mode == LuaMode.Function ? Field(L, "load"u8) : LuaApi.NoRef;
        GlobalsRef = Field(L, "globals"u8);
        // From now on the "global table" of the state is the read-only proxy: code compiled
        // later (scripts, libraries, loadstring) sees it as its _ENV.
        LuaApi.RawGetField(L, -1, "env"u8);
        LuaApi.lua_rawseti(L, LuaApi.RegistryIndex, LuaApi.RidxGlobals);
        LuaApi.lua_settop(L, 0);
    }

    public LuaMode Mode { get; }

    /// <summary>The main thread's <c>lua_State*</c>.</summary>
    public IntPtr Main => _lua.Handle;

    /// <summary>The coroutine scripts run in.</summary>
    public IntPtr Runner { get; private set; }

    /// <summary>
    /// Drops the runner of a script that did not end normally (killed, timed out, failed) for a new
    /// one. A thread keeps state an error left behind (its stack, hook, error handler, call counts,
    /// whether hooks may run), and lua_closethread would run the script's pending to-be-closed
    /// handlers; a fresh thread has none of it. The old one is collected as garbage. The heap cap
    /// is lifted meanwhile: outside a protected call a refused allocation would end the process.
    /// </summary>
    public void ReplaceRunner()
    {
        IntPtr L = Main;
        long limit = LuaHeap.Limit(_heap);
        LuaHeap.SetLimit(_heap, 0);
        LuaApi.luaL_unref(L, LuaApi.RegistryIndex, _runnerRef);
        Runner = LuaApi.lua_newthread(L);
        _runnerRef = LuaApi.luaL_ref(L, LuaApi.RegistryIndex);
        LuaHeap.SetRunner(_heap, Runner);
        LuaHeap.SetLimit(_heap, limit);
    }

    /// <summary>Refuse new threads (the abort of a script that cannot yield) or accept them again.</summary>
    public void RefuseThreads(bool refuse) => LuaHeap.RefuseThreads(_heap, refuse);

    /// <summary>Registry references to runtime.lua's exports.</summary>
    public int RunRef { get; }
    public int LoadRef { get; }
    public int GlobalsRef { get; }

    /// <summary>
    /// Compiles <paramref name="code"/> (text only) and returns a registry reference to the
    /// function, or <see cref="LuaApi.NoRef"/> with Lua's message in <paramref name="error"/>.
    /// </summary>
    public int Compile(ReadOnlySpan<byte> code, ReadOnlySpan<byte> chunkNameZ, out string error)
    {
        IntPtr L = Main;
        if (LuaApi.LoadText(L, code, chunkNameZ) != LuaApi.Ok)
        {
            error = Encoding.Latin1.GetString(LuaApi.ToBytes(L, -1));
            LuaApi.Pop(L, 1);
            return LuaApi.NoRef;
        }
        error = "";
        TailCalls.Remove(L);
        return LuaApi.luaL_ref(L, LuaApi.RegistryIndex);
    }

    /// <summary>
    /// Lua 5.1 quotes every token in syntax errors ("near '&lt;eof&gt;'"); 5.4 leaves the
    /// names of &lt;eof&gt;, &lt;name&gt;, &lt;string&gt;, &lt;number&gt; and &lt;integer&gt; bare.
    /// </summary>
    public static string QuoteTokens(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, "(?<!')<(eof|name|string|number|integer)>(?!')", "'<$1>'");

    public void Release(int reference) => LuaApi.luaL_unref(Main, LuaApi.RegistryIndex, reference);

    /// <summary>Bytes the state uses (cf. luaMemory).</summary>
    public long MemoryBytes => LuaApi.lua_gc(Main, LuaApi.GcCount, 0) * 1024L + LuaApi.lua_gc(Main, LuaApi.GcCountB, 0);

    /// <summary>lua-heap-limit changed: the cap for this state from now on.</summary>
    public long HeapLimit
    {
        set => LuaHeap.SetLimit(_heap, value);
    }

    /// <summary>The most bytes this state ever held (the Lua bomb's high-water mark).</summary>
    public long PeakBytes => LuaHeap.Peak(_heap);

    /// <summary>How many allocations lua-heap-limit refused in this state.</summary>
    public long RefusedAllocations => LuaHeap.Refusals(_heap);

    public void Dispose()
    {
        _lua.Dispose(); // lua_close frees everything through the counting allocator: the account goes after
        LuaHeap.Free(_heap);
    }

    private static void OpenLibrary(IntPtr L, ReadOnlySpan<byte> nameZ, string loader)
    {
        fixed (byte* name = nameZ) LuaApi.luaL_requiref(L, name, LuaApi.Export(loader), 1);
        LuaApi.Pop(L, 1);
    }

    /// <summary>Compiles an embedded Lua file (Scripting/Lua/<paramref name="name"/>.lua) onto the stack.</summary>
    private static void Compile(IntPtr L, string name, ReadOnlySpan<byte> chunkNameZ)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"EventLoopRedis.Scripting.Lua.{name}.lua")
            ?? throw new InvalidOperationException($"missing embedded Lua file {name}.lua");
        var code = new byte[stream.Length];
        stream.ReadExactly(code);
        if (LuaApi.LoadText(L, code, chunkNameZ) != LuaApi.Ok)
            throw new InvalidOperationException($"{name}.lua: " + Encoding.Latin1.GetString(LuaApi.ToBytes(L, -1)));
    }

    private static int Field(IntPtr L, ReadOnlySpan<byte> name)
    {
        LuaApi.RawGetField(L, -1, name);
        return LuaApi.luaL_ref(L, LuaApi.RegistryIndex);
    }
}
