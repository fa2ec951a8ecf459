// The native (C#) functions Lua calls: redis.call's dispatch, sha1hex, log, setresp, the
// random generator, and the count hook. cf. luaRedisGenericCommand and friends in script_lua.c.

using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using EventLoopRedis.EventLoop;

namespace EventLoopRedis.Scripting;

/// <summary>
/// Every function here is entered from native code, so each one catches every exception (one
/// escaping an <c>[UnmanagedCallersOnly]</c> method kills the process) and none raises a
/// Lua error: a function that can fail returns two values, a result and a "failed" flag,
/// and its wrapper in runtime.lua calls <c>error()</c>. They are static methods, so no
/// delegate has to be kept alive for native code.
/// </summary>
internal static unsafe class LuaCallbacks
{
    /// <summary>Pushes the table of natives runtime.lua receives.</summary>
    public static void PushNatives(IntPtr L)
    {
        LuaApi.lua_createtable(L, 0, 9);
        Add(L, "call"u8, &Call);
        Add(L, "acl_check"u8, &AclCheck);
        Add(L, "sha1hex"u8, &Sha1Hex);
        Add(L, "log"u8, &WriteLog);
        Add(L, "setresp"u8, &SetResp);
        Add(L, "rand48"u8, &Rand48);
        Add(L, "srand48"u8, &Srand48);
        Add(L, "untail"u8, &Untail);
        Add(L, "enter"u8, &Enter);
        Add(L, "leave"u8, &Leave);
        LuaApi.lua_pushlightuserdata(L, IntPtr.Zero); // cjson.null: a NULL light userdata, as in lua_cjson.c
        LuaApi.RawSetField(L, -2, "null"u8);
        LuaApi.PushBytes(L, Encoding.ASCII.GetBytes(RedisServer.Version));
        LuaApi.RawSetField(L, -2, "version"u8);
        LuaApi.lua_pushinteger(L, VersionNumber(RedisServer.Version));
        LuaApi.RawSetField(L, -2, "version_num"u8);
    }

    private static void Add(IntPtr L, ReadOnlySpan<byte> name, delegate* unmanaged<IntPtr, int> function)
    {
        LuaApi.lua_pushcclosure(L, function, 0);
        LuaApi.RawSetField(L, -2, name);
    }

    /// <summary>"7.0.15" as 0x07000f, as REDIS_VERSION_NUM.</summary>
    private static long VersionNumber(string version)
    {
        var parts = version.Split('.').Select(int.Parse).ToArray();
        return (parts[0] << 16) | (parts[1] << 8) | parts[2];
    }

    /// <summary>
    /// <c>call(...)</c>: runs a command through the pseudo-client and returns (reply, failed).
    /// The reply is the command's reply as Lua values; failed is true when it is an error
    /// (redis.call then raises it, redis.pcall returns it).
    /// </summary>
    [UnmanagedCallersOnly]
    private static int Call(IntPtr L)
    {
        try
        {
            var engine = ScriptEngine.Active;
            if (engine?.Running is not { } run)
                return Fail(L, "redis.call/pcall can only be called inside a script invocation", statsDone: false);
            if (!SetArgs(L, engine, out string? argError)) return Fail(L, argError!, statsDone: false);

            // A loop of redis.call runs few Lua instructions between hooks: look at the clock here too.
            if (engine.ShouldInterrupt(run) && engine.Interrupt())
            {
                engine.StopSoon(L);
                return Fail(L, "Script killed by user with SCRIPT KILL...", statsDone: true);
            }

            engine.Call(out string? error);
            if (error is not null) return FailWithCode(L, error, statsDone: true);

            var reply = engine.PseudoClient.Reply;
            bool failed = reply.Pending.Length > 0 && reply.Pending[0] == (byte)'-';
            RespToLua.Push(L, reply.Pending);
            reply.Advance(reply.PendingBytes);
            LuaApi.lua_pushboolean(L, failed ? 1 : 0);
            return 2;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary><c>acl_check(...)</c>: whether the script's user may run the command; an error if it does not exist.</summary>
    [UnmanagedCallersOnly]
    private static int AclCheck(IntPtr L)
    {
        try
        {
            var engine = ScriptEngine.Active;
            if (engine?.Running is null)
                return Fail(L, "redis.acl_check_cmd can only be called inside a script invocation", statsDone: false);
            if (!SetArgs(L, engine, out string? argError)) return Fail(L, argError!, statsDone: false);
            if (engine.CommandPermitted() is not { } permitted)
                return Fail(L, "Invalid command passed to redis.acl_check_cmd()", statsDone: false);
            LuaApi.lua_pushboolean(L, permitted ? 1 : 0);
            LuaApi.lua_pushboolean(L, 0);
            return 2;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary>
    /// Fills the pseudo-client's argv from the Lua arguments: strings as they are, numbers as
    /// Redis formats them (integers exactly, other numbers with "%.17g"). cf. luaArgsToRedisArgv.
    /// </summary>
    private static bool SetArgs(IntPtr L, ScriptEngine engine, out string? error)
    {
        error = null;
        int argc = LuaApi.lua_gettop(L);
        if (argc == 0)
        {
            error = "Please specify at least one argument for this redis lib call";
            return false;
        }
        var args = engine.PseudoClient.Args;
        int size = 0;
        for (int i = 1; i <= argc; i++)
        {
            int type = LuaApi.lua_type(L, i);
            if (type == LuaApi.TString) size += (int)LuaApi.lua_rawlen(L, i);
            else if (type == LuaApi.TNumber) size += 32;
            else
            {
                LuaApi.lua_settop(L, 0);
                error = "Lua redis lib command arguments must be strings or integers";
                return false;
            }
        }
        var buffer = engine.ArgBuffer(size);
        args.Reset(buffer);
        args.EnsureCapacity(argc);
        int at = 0;
        for (int i = 1; i <= argc; i++)
        {
            int length;
            if (LuaApi.lua_type(L, i) == LuaApi.TString)
            {
                var bytes = LuaApi.ToBytes(L, i);
                bytes.CopyTo(buffer.AsSpan(at));
                length = bytes.Length;
            }
            else if (LuaApi.lua_isinteger(L, i) != 0)
            {
                Utf8Formatter.TryFormat(LuaApi.ToInteger(L, i), buffer.AsSpan(at), out length);
            }
            else
            {
                string text = CFormat.G(LuaApi.ToNumber(L, i), 17);
                length = Encoding.ASCII.GetBytes(text, buffer.AsSpan(at));
            }
            args.Add(at, length);
            at += length;
        }
        LuaApi.lua_settop(L, 0);
        return true;
    }

    /// <summary>
    /// Returns (error table, true). <paramref name="statsDone"/> marks errors that were
    /// already counted in INFO errorstats (cf. the ignore_error_stats_update field).
    /// </summary>
    private static int Fail(IntPtr L, string message, bool statsDone) => FailWithCode(L, "ERR " + message, statsDone);

    /// <summary>As <see cref="Fail"/>, for an error text that starts with its own code ("ERR ...", "OOM ...").</summary>
    private static int FailWithCode(IntPtr L, string error, bool statsDone)
    {
        LuaApi.lua_settop(L, 0);
        RespToLua.PushError(L, Encoding.Latin1.GetBytes(error), statsDone);
        LuaApi.lua_pushboolean(L, 1);
        return 2;
    }

    private static int Internal(IntPtr L, Exception e)
    {
        Log.Warning($"Internal error in a Lua callback: {e}");
        return Fail(L, "internal error in the scripting engine", statsDone: false);
    }

    /// <summary><c>sha1hex(s)</c>: the SHA1 of s in lowercase hex, as SCRIPT LOAD names scripts.</summary>
    [UnmanagedCallersOnly]
    private static int Sha1Hex(IntPtr L)
    {
        try
        {
            Span<byte> hex = stackalloc byte[40];
            EvalScripts.Sha1Hex(LuaApi.ToBytes(L, 1), hex);
            LuaApi.PushBytes(L, hex);
            return 1;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary><c>log(level, message)</c>: a line in the server log (redis.log checks its arguments).</summary>
    [UnmanagedCallersOnly]
    private static int WriteLog(IntPtr L)
    {
        try
        {
            string message = Encoding.Latin1.GetString(LuaApi.ToBytes(L, 2));
            switch (LuaApi.ToInteger(L, 1))
            {
                case 0: Log.Debug(message); break;
                case 1: Log.Verbose(message); break;
                case 2: Log.Notice(message); break;
                default: Log.Warning(message); break;
            }
            return 0;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary><c>setresp(2|3)</c>: the protocol of the replies redis.call returns from now on.</summary>
    [UnmanagedCallersOnly]
    private static int SetResp(IntPtr L)
    {
        try
        {
            if (ScriptEngine.Active is { } engine) engine.PseudoClient.Protocol = (int)LuaApi.ToInteger(L, 1);
            return 0;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Rand48(IntPtr L)
    {
        try
        {
            LuaApi.lua_pushinteger(L, ScriptEngine.Active?.NextRand48() ?? 0);
            return 1;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Srand48(IntPtr L)
    {
        try
        {
            ScriptEngine.Active?.SeedRand48(LuaApi.ToInteger(L, 1));
            return 0;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary><c>untail(f)</c>: f recompiled without tail calls, for code loaded by a script (see <see cref="TailCalls"/>).</summary>
    [UnmanagedCallersOnly]
    private static int Untail(IntPtr L)
    {
        try
        {
            LuaApi.lua_settop(L, 1);
            if (LuaApi.lua_type(L, 1) == LuaApi.TFunction) TailCalls.Remove(L);
            return 1;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary><c>enter(co)</c>: the script is about to resume co (see <see cref="ScriptThreads"/>).</summary>
    [UnmanagedCallersOnly]
    private static int Enter(IntPtr L)
    {
        try
        {
            IntPtr co = LuaApi.lua_tothread(L, 1);
            if (co != IntPtr.Zero) ScriptEngine.Active?.Threads.Enter(L, co);
            return 0;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary><c>leave()</c>: a coroutine the script resumed gave control back to it.</summary>
    [UnmanagedCallersOnly]
    private static int Leave(IntPtr L)
    {
        try
        {
            ScriptEngine.Active?.Threads.Leave(L);
            return 0;
        }
        catch (Exception e)
        {
            return Internal(L, e);
        }
    }

    /// <summary>The count hook (a <c>lua_Hook</c>): see <see cref="ScriptEngine.OnHook"/>.</summary>
    [UnmanagedCallersOnly]
    public static void Hook(IntPtr L, IntPtr _) // the lua_Debug record: not needed
    {
        try
        {
            ScriptEngine.Active?.OnHook(L);
        }
        catch (Exception e)
        {
            Log.Warning($"Internal error in the Lua hook: {e}");
        }
    }
}
