// Recompiles a Lua 5.4 function with its tail calls turned into ordinary calls, by patching
// its bytecode (lua_dump, edit, load). cf. ldump.c and lopcodes.h of Lua 5.4.

using System.Runtime.InteropServices;

namespace EventLoopRedis.Scripting;

/// <summary>
/// Why: in Lua 5.4 <c>return f(x)</c> replaces the caller's frame with f's when f is a Lua
/// function, and redis.call is a small Lua function here (it raises the errors that C#
/// must not raise; see runtime.lua). So for <c>return redis.call('nosuch')</c>, the most
/// common line in Redis scripts, the script's own frame would be gone when the error is
/// reported, and Redis's "script: ..., on @user_script:1." could not name the line. In
/// Redis's Lua 5.1, redis.call is a C function and the frame stays.
/// <para>
/// The compiler emits every tail call as <c>TAILCALL A B C</c> followed by <c>RETURN A 0</c>
/// (return everything from A to the top), so rewriting the first into <c>CALL A B 0</c>
/// (call, keep all results) gives the same results with the frame kept. The only thing
/// lost is tail-call elimination: unbounded tail recursion in a script runs out of stack
/// (docs/scripting.md).
/// </para>
/// </summary>
internal static unsafe partial class TailCalls
{
    private const byte OpCall = 68, OpTailCall = 69; // lopcodes.h (5.4)

    /// <summary>
    /// Replaces the function on top of <paramref name="L"/>'s stack with the same function
    /// without tail calls. Leaves it unchanged if the bytecode is not in the layout this
    /// code knows (a different Lua build), or has no tail call.
    /// </summary>
    public static void Remove(IntPtr L)
    {
        var dump = new List<byte>();
        var handle = GCHandle.Alloc(dump);
        try
        {
            if (lua_dump(L, &Write, GCHandle.ToIntPtr(handle), 0) != 0) return;
        }
        finally
        {
            handle.Free();
        }
        var bytes = CollectionsMarshal.AsSpan(dump);
        var reader = new Reader(bytes);
        if (!reader.Header()) return;
        var tailCalls = new List<int>();
        if (!reader.Function(tailCalls) || reader.At != bytes.Length || tailCalls.Count == 0) return;

        foreach (int at in tailCalls)
        {
            uint instruction = BitConverter.ToUInt32(bytes[at..]);
            // op: bits 0-6; A: 7-14; k: 15; B: 16-23; C: 24-31. CALL A B 0, without k.
            instruction = (instruction & 0x00FF_7F80u) | OpCall;
            BitConverter.TryWriteBytes(bytes[at..], instruction);
        }
        fixed (byte* p = bytes)
        fixed (byte* name = "=patched\0"u8)
        fixed (byte* mode = "b\0"u8)
        {
            if (LuaApi.luaL_loadbufferx(L, p, (nuint)bytes.Length, name, mode) != LuaApi.Ok)
            {
                LuaApi.Pop(L, 1); // keep the original
                return;
            }
        }
        LuaApi.lua_rotate(L, -2, 1);
        LuaApi.Pop(L, 1);
    }

    [LibraryImport("lua54")]
    private static partial int lua_dump(IntPtr L, delegate* unmanaged<IntPtr, byte*, nuint, IntPtr, int> writer, IntPtr data, int strip);

    /// <summary>The lua_Writer: appends each block lua_dump produces.</summary>
    [UnmanagedCallersOnly]
    private static int Write(IntPtr L, byte* p, nuint size, IntPtr data)
    {
        try
        {
            var dump = (List<byte>)GCHandle.FromIntPtr(data).Target!;
            dump.AddRange(new ReadOnlySpan<byte>(p, (int)size));
            return 0;
        }
        catch
        {
            return 1;
        }
    }

    /// <summary>Walks a dump (ldump.c's layout) and notes where each TAILCALL instruction is.</summary>
    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private static ReadOnlySpan<byte> Signature => [0x1b, (byte)'L', (byte)'u', (byte)'a', 0x54, 0, 0x19, 0x93, (byte)'\r', (byte)'\n', 0x1a, (byte)'\n', 4, 8, 8];

        private readonly ReadOnlySpan<byte> _bytes = bytes;
        public int At;

        public bool Header()
        {
            // "\x1bLua", version 0x54, format 0, LUAC_DATA, sizes 4/8/8, LUAC_INT, LUAC_NUM, then the upvalue count.
            if (_bytes.Length < 32 || !_bytes.StartsWith(Signature)) return false;
            At = 32;
            return true;
        }

        public bool Function(List<int> tailCalls)
        {
            if (!String() || !Size(out _) || !Size(out _)) return false; // source, linedefined, lastlinedefined
            At += 3; // numparams, is_vararg, maxstacksize
            if (!Size(out long code) || At + code * 4 > _bytes.Length) return false;
            for (long i = 0; i < code; i++, At += 4)
            {
                if ((_bytes[At] & 0x7f) == OpTailCall) tailCalls.Add(At);
            }
            if (!Size(out long constants)) return false;
            for (long i = 0; i < constants; i++)
            {
                if (At >= _bytes.Length) return false;
                switch (_bytes[At++])
                {
                    case 3 or 19: At += 8; break;                 // integer, float
                    case 4 or 20: if (!String()) return false; break; // short, long string
                    case 0 or 1 or 17: break;                     // nil, false, true
                    default: return false;
                }
            }
            if (!Size(out long upvalues)) return false;
            At += (int)upvalues * 3;
            if (!Size(out long protos)) return false;
            for (long i = 0; i < protos; i++)
            {
                if (!Function(tailCalls)) return false;
            }
            // Debug information: line info, absolute line info, local variables, upvalue names.
            if (!Size(out long lineInfo)) return false;
            At += (int)lineInfo;
            if (!Size(out long absLineInfo)) return false;
            for (long i = 0; i < absLineInfo; i++)
            {
                if (!Size(out _) || !Size(out _)) return false;
            }
            if (!Size(out long locals)) return false;
            for (long i = 0; i < locals; i++)
            {
                if (!String() || !Size(out _) || !Size(out _)) return false;
            }
            if (!Size(out long names)) return false;
            for (long i = 0; i < names; i++)
            {
                if (!String()) return false;
            }
            return At <= _bytes.Length;
        }

        /// <summary>dumpSize: 7 bits a byte, most significant first, the last byte flagged with 0x80.</summary>
        private bool Size(out long value)
        {
            value = 0;
            while (At < _bytes.Length)
            {
                byte b = _bytes[At++];
                value = (value << 7) | (b & 0x7fL);
                if ((b & 0x80) != 0) return true;
            }
            return false;
        }

        /// <summary>dumpString: size + 1 (0 for none), then the bytes.</summary>
        private bool String()
        {
            if (!Size(out long size)) return false;
            if (size > 0) At += (int)(size - 1);
            return At <= _bytes.Length;
        }
    }
}
