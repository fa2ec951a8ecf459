// The Lua heap cap: an allocator that counts each Lua state's bytes and refuses to grow it past
// lua-heap-limit, so that a runaway script gets Lua's "not enough memory" error instead of the
// machine's memory. This server's own (Redis's Lua heap has no bound); it wraps the allocator
// Lua was created with (l_alloc in lauxlib.c), and relies on luaM_realloc_ in lmem.c, which
// answers a refused allocation with a full emergency collection, then a retry, then LUA_ERRMEM.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EventLoopRedis.Scripting;

/// <summary>
/// One account per Lua state, in native memory (the allocator runs inside Lua, which only knows
/// a pointer). Only growth can be refused: Lua requires that shrinking and freeing never fail.
/// The allocator is a reverse P/Invoke, which is why no Lua API function that may allocate is
/// declared [SuppressGCTransition] in <see cref="LuaApi"/>.
/// </summary>
internal static unsafe class LuaHeap
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Account
    {
        public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, nuint, IntPtr> Original;
        public IntPtr OriginalUd;
        public long Used;
        public long Limit;
        public long Peak;
        public long Refusals;
        public IntPtr Runner;
        public int RefuseThreads;
    }

    /// <summary>Lua's type tag for threads, which lua_Alloc receives as the old size of a new thread's block.</summary>
    private const nuint ThreadTag = LuaApi.TThread;

    /// <summary>Puts the counting allocator in front of <paramref name="L"/>'s own; returns the account, to free after lua_close.</summary>
    public static IntPtr Install(IntPtr L, long limit)
    {
        IntPtr ud;
        var original = LuaApi.lua_getallocf(L, &ud);
        var account = (Account*)NativeMemory.AllocZeroed((nuint)sizeof(Account));
        account->Original = original;
        account->OriginalUd = ud;
        // What the state already holds came from the same allocator, which frees it: count it too.
        account->Used = account->Peak = LuaApi.lua_gc(L, LuaApi.GcCount, 0) * 1024L + LuaApi.lua_gc(L, LuaApi.GcCountB, 0);
        account->Limit = limit;
        LuaApi.lua_setallocf(L, &Allocate, (IntPtr)account);
        return (IntPtr)account;
    }

    /// <summary>The coroutine scripts run in: a refusal makes its count hook fire at the next instruction.</summary>
    public static void SetRunner(IntPtr account, IntPtr runner) => ((Account*)account)->Runner = runner;

    /// <summary>
    /// While true, every new thread is refused (nothing else): the abort hook, native
    /// <c>lua_newthread</c>, then raises a memory error at each instruction (see <see cref="ScriptThreads"/>).
    /// </summary>
    public static void RefuseThreads(IntPtr account, bool refuse) => ((Account*)account)->RefuseThreads = refuse ? 1 : 0;

    /// <summary>The cap in bytes (0: none).</summary>
    public static long Limit(IntPtr account) => ((Account*)account)->Limit;

    /// <summary>A new cap in bytes (0: none). A state already above it keeps what it has; it only cannot grow.</summary>
    public static void SetLimit(IntPtr account, long limit) => ((Account*)account)->Limit = limit;

    /// <summary>The bytes the state holds now, by the allocator's own count.</summary>
    public static long Used(IntPtr account) => ((Account*)account)->Used;

    /// <summary>The most bytes the state ever held.</summary>
    public static long Peak(IntPtr account) => ((Account*)account)->Peak;

    /// <summary>How many allocations the cap refused.</summary>
    public static long Refusals(IntPtr account) => ((Account*)account)->Refusals;

    /// <summary>Releases the account; only once the state is closed (lua_close frees through the allocator).</summary>
    public static void Free(IntPtr account) => NativeMemory.Free((void*)account);

    /// <summary>
    /// lua_Alloc: <paramref name="ptr"/> null means a new block (then <paramref name="oldSize"/> is a
    /// type tag, not a size); <paramref name="newSize"/> 0 means free. Returning null for a growth
    /// makes Lua collect garbage and try again, then raise "not enough memory".
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static IntPtr Allocate(IntPtr ud, IntPtr ptr, nuint oldSize, nuint newSize)
    {
        var account = (Account*)ud;
        if (account->RefuseThreads != 0 && ptr == IntPtr.Zero && oldSize == ThreadTag && newSize != 0) return IntPtr.Zero;
        long old = ptr == IntPtr.Zero ? 0 : (long)oldSize;
        long growth = (long)newSize - old;
        if (growth > 0 && account->Limit > 0 && account->Used + growth > account->Limit)
        {
            account->Refusals++;
            // A script at the cap may spin on pcall, each refusal costing Lua a full emergency
            // collection: instructions then come so slowly that the every-100,000-instructions hook
            // would leave the server deaf for seconds. So the hook looks in at the next instruction
            // (lua_sethook only stores fields; ScriptEngine.OnHook puts the count back).
            if (account->Runner != IntPtr.Zero && account->RefuseThreads == 0) LuaApi.lua_sethook(account->Runner, &LuaCallbacks.Hook, LuaApi.MaskCount, 1);
            return IntPtr.Zero;
        }
        IntPtr result = account->Original(account->OriginalUd, ptr, oldSize, newSize);
        if (result != IntPtr.Zero || newSize == 0)
        {
            account->Used += growth;
            if (account->Used > account->Peak) account->Peak = account->Used;
        }
        return result;
    }
}
