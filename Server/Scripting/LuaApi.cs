// The Lua 5.4 C API entry points the scripting engine calls, bound to the native library
// that the KeraLua package ships (liblua54.so). cf. lua.h and lauxlib.h.

using System.Runtime.InteropServices;

namespace EventLoopRedis.Scripting;

/// <summary>
/// KeraLua creates and owns the Lua state (<see cref="KeraLua.Lua"/>); these are the C API
/// functions we call on it directly, because the engine needs what KeraLua's managed
/// wrapper does not give: values moved as bytes (pointer and length, never a .NET string),
/// callbacks passed as unmanaged function pointers, and calls on any <c>lua_State*</c>
/// (a coroutine's as well as the main one's).
/// <para>
/// Two rules hold for every caller, learned the hard way with this binding:
/// <list type="bullet">
/// <item>Managed code never raises a Lua error (<c>lua_error</c>, <c>luaL_error</c>, the
///       <c>luaL_check*</c> family): the longjmp skips managed frames, and the process hangs
///       at the next garbage collection. Callbacks return a result and a "failed" flag, and a
///       small Lua wrapper calls <c>error()</c> (see Lua/runtime.lua).</item>
/// <item>Outside a protected call, only operations that cannot raise are used: raw table
///       access, pushes, type tests, <c>lua_tolstring</c> on strings. A raise there would
///       reach the panic handler and abort the server.</item>
/// </list>
/// </para>
/// <para>
/// The calls marked [SuppressGCTransition] skip .NET's switch to native mode (a few
/// nanoseconds each, and a script makes dozens): only functions that never run Lua code
/// (no metamethod, no garbage-collection step, hence no finalizer) and never allocate (the
/// allocator is managed: see <see cref="LuaHeap"/>), so that they can never call back into
/// managed code, qualify. lua_settop is among them because the engine only
/// trims stacks that hold no to-be-closed variables.
/// </para>
/// </summary>
internal static unsafe partial class LuaApi
{
    private const string Library = "lua54";

    public const int RegistryIndex = -1_000_000 - 1000; // LUA_REGISTRYINDEX
    public const int RidxGlobals = 2;                    // LUA_RIDX_GLOBALS
    public const int MultRet = -1;                       // LUA_MULTRET
    public const int NoRef = -2;                         // LUA_NOREF

    // Types (lua_type).
    public const int TNone = -1, TNil = 0, TBoolean = 1, TLightUserData = 2, TNumber = 3, TString = 4, TTable = 5,
        TFunction = 6, TUserData = 7, TThread = 8;

    // Thread status (lua_resume, lua_pcall).
    public const int Ok = 0, Yield = 1, ErrRun = 2, ErrSyntax = 3, ErrMem = 4, ErrErr = 5;

    // Hook masks (lua_sethook).
    public const int MaskLine = 1 << 2, MaskCount = 1 << 3;

    // Garbage collector options (lua_gc).
    public const int GcRestart = 1, GcCollect = 2, GcCount = 3, GcCountB = 4, GcStep = 5, GcIsRunning = 9, GcGen = 10;

    /// <summary>Offsets into <c>lua_Debug</c> (Lua 5.4, 64-bit) of the fields read after lua_getinfo "Sl".</summary>
    public const int DebugSize = 256, DebugWhat = 24, DebugSource = 32, DebugSourceLength = 40, DebugCurrentLine = 48;

    // ---- state and threads ----------------------------------------------------------

    [LibraryImport(Library)] public static partial IntPtr lua_newthread(IntPtr L);
    [LibraryImport(Library)] public static partial int lua_closethread(IntPtr L, IntPtr from);
    [LibraryImport(Library)] public static partial int lua_resume(IntPtr L, IntPtr from, int nargs, out int nresults);
    [LibraryImport(Library)] public static partial int lua_yieldk(IntPtr L, int nresults, IntPtr ctx, IntPtr k);
    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_isyieldable(IntPtr L);
    [LibraryImport(Library)] public static partial void lua_sethook(IntPtr L, delegate* unmanaged<IntPtr, IntPtr, void> hook, int mask, int count);
    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_gethookcount(IntPtr L);
    [LibraryImport(Library)] public static partial int lua_gc(IntPtr L, int what, int data);
    // lua_gc is variadic: LUA_GCGEN reads two ints (minor and major multipliers, 0 for the defaults),
    // so it gets both, never whatever a register held.
    [LibraryImport(Library, EntryPoint = "lua_gc")] public static partial int lua_gc_generational(IntPtr L, int what, int minorMultiplier, int majorMultiplier);
    [LibraryImport(Library)] public static partial delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, nuint, IntPtr> lua_getallocf(IntPtr L, IntPtr* ud);
    [LibraryImport(Library)] public static partial void lua_setallocf(IntPtr L, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, nuint, nuint, IntPtr> f, IntPtr ud);
    [LibraryImport(Library)] public static partial int lua_getstack(IntPtr L, int level, byte* debug);
    [LibraryImport(Library)] public static partial int lua_getinfo(IntPtr L, byte* what, byte* debug);

    // ---- the stack ----------------------------------------------------------------------

    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_gettop(IntPtr L);
    [LibraryImport(Library), SuppressGCTransition] public static partial void lua_settop(IntPtr L, int index);
    [LibraryImport(Library), SuppressGCTransition] public static partial void lua_pushvalue(IntPtr L, int index);
    [LibraryImport(Library), SuppressGCTransition] public static partial void lua_rotate(IntPtr L, int index, int n);
    [LibraryImport(Library)] public static partial int lua_checkstack(IntPtr L, int n);
    [LibraryImport(Library)] public static partial void lua_xmove(IntPtr from, IntPtr to, int n);

    public static void Pop(IntPtr L, int n) => lua_settop(L, -n - 1);

    // ---- reading values -----------------------------------------------------------------

    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_type(IntPtr L, int index);
    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_isinteger(IntPtr L, int index);
    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_toboolean(IntPtr L, int index);
    [LibraryImport(Library), SuppressGCTransition] public static partial long lua_tointegerx(IntPtr L, int index, int* isnum);
    [LibraryImport(Library), SuppressGCTransition] public static partial double lua_tonumberx(IntPtr L, int index, int* isnum);
    [LibraryImport(Library)] public static partial byte* lua_tolstring(IntPtr L, int index, nuint* length);
    [LibraryImport(Library), SuppressGCTransition] public static partial ulong lua_rawlen(IntPtr L, int index);
    [LibraryImport(Library)] public static partial IntPtr lua_tothread(IntPtr L, int index);

    public static long ToInteger(IntPtr L, int index) => lua_tointegerx(L, index, null);
    public static double ToNumber(IntPtr L, int index) => lua_tonumberx(L, index, null);

    /// <summary>The bytes of the string at <paramref name="index"/>; only for values whose type is string (it would convert a number in place).</summary>
    public static ReadOnlySpan<byte> ToBytes(IntPtr L, int index)
    {
        nuint length;
        byte* bytes = lua_tolstring(L, index, &length);
        return bytes == null ? default : new ReadOnlySpan<byte>(bytes, (int)length);
    }

    // ---- pushing values -----------------------------------------------------------------

    [LibraryImport(Library), SuppressGCTransition] public static partial void lua_pushnil(IntPtr L);
    [LibraryImport(Library), SuppressGCTransition] public static partial void lua_pushinteger(IntPtr L, long n);
    [LibraryImport(Library), SuppressGCTransition] public static partial void lua_pushnumber(IntPtr L, double n);
    [LibraryImport(Library), SuppressGCTransition] public static partial void lua_pushboolean(IntPtr L, int b);
    [LibraryImport(Library)] public static partial byte* lua_pushlstring(IntPtr L, byte* s, nuint length);
    [LibraryImport(Library)] public static partial void lua_pushcclosure(IntPtr L, delegate* unmanaged<IntPtr, int> function, int upvalues);
    [LibraryImport(Library)] public static partial void lua_pushlightuserdata(IntPtr L, IntPtr p);
    [LibraryImport(Library)] public static partial int lua_pushthread(IntPtr L);

    public static void PushBytes(IntPtr L, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes) lua_pushlstring(L, p, (nuint)bytes.Length);
    }

    // ---- tables (raw access only: it never calls a metamethod, so it cannot raise) -----------

    [LibraryImport(Library)] public static partial void lua_createtable(IntPtr L, int arraySize, int hashSize);
    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_rawget(IntPtr L, int index);
    [LibraryImport(Library), SuppressGCTransition] public static partial int lua_rawgeti(IntPtr L, int index, long n);
    [LibraryImport(Library)] public static partial void lua_rawset(IntPtr L, int index);
    [LibraryImport(Library)] public static partial void lua_rawseti(IntPtr L, int index, long n);
    [LibraryImport(Library)] public static partial int lua_next(IntPtr L, int index);
    [LibraryImport(Library)] public static partial int luaL_ref(IntPtr L, int table);
    [LibraryImport(Library)] public static partial void luaL_unref(IntPtr L, int table, int reference);

    /// <summary>Pushes <c>t[key]</c> for the table at <paramref name="index"/>, raw; returns the value's type.</summary>
    public static int RawGetField(IntPtr L, int index, ReadOnlySpan<byte> key)
    {
        index = index < 0 && index > RegistryIndex ? lua_gettop(L) + index + 1 : index;
        PushBytes(L, key);
        return lua_rawget(L, index);
    }

    /// <summary>Pops a value and stores it as <c>t[key]</c> in the table at <paramref name="index"/>, raw.</summary>
    public static void RawSetField(IntPtr L, int index, ReadOnlySpan<byte> key)
    {
        index = index < 0 && index > RegistryIndex ? lua_gettop(L) + index + 1 : index;
        PushBytes(L, key);
        lua_rotate(L, -2, 1);
        lua_rawset(L, index);
    }

    // ---- loading and calling ---------------------------------------------------------------

    [LibraryImport(Library)] public static partial int luaL_loadbufferx(IntPtr L, byte* buffer, nuint size, byte* name, byte* mode);
    [LibraryImport(Library)] public static partial int lua_pcallk(IntPtr L, int nargs, int nresults, int errfunc, IntPtr ctx, IntPtr k);
    [LibraryImport(Library)] public static partial void luaL_requiref(IntPtr L, byte* name, IntPtr open, int global);

    /// <summary>Compiles text (never bytecode: mode "t") into a function on the stack, or an error message.</summary>
    public static int LoadText(IntPtr L, ReadOnlySpan<byte> code, ReadOnlySpan<byte> chunkNameZ)
    {
        fixed (byte* p = code)
        fixed (byte* name = chunkNameZ)
        fixed (byte* mode = "t\0"u8)
            return luaL_loadbufferx(L, p, (nuint)code.Length, name, mode);
    }

    public static int PCall(IntPtr L, int nargs, int nresults) => lua_pcallk(L, nargs, nresults, 0, 0, 0);

    /// <summary>The address of a function exported by the Lua library (the luaopen_* library loaders).</summary>
    public static IntPtr Export(string name) =>
        NativeLibrary.GetExport(NativeLibrary.Load(Library, typeof(LuaApi).Assembly, null), name);
}
