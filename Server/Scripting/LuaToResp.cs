// A script's return value written as the caller's reply, and its errors as Redis words them.
// cf. luaReplyToRedisReply and luaCallFunction's error path in script_lua.c.

using System.Runtime.CompilerServices;
using System.Text;
using EventLoopRedis.Protocol;

namespace EventLoopRedis.Scripting;

internal static unsafe class LuaToResp
{
    /// <summary>
    /// Tables nested deeper than this become an error reply, where Redis's Lua 5.1 runs out
    /// of C stack (LUAI_MAXCSTACK); it also keeps this recursion far from .NET's stack limit.
    /// </summary>
    private const int MaxDepth = 7995;

    /// <summary>
    /// Writes the value on top of <paramref name="L"/>'s stack, and pops it. Strings become
    /// bulk strings; numbers integers (truncated as C does: NaN and out-of-range values give
    /// LLONG_MIN); true becomes 1 and false null (booleans, with RESP3 scripts); tables
    /// become an error ({err=...}), a status ({ok=...}), RESP3 values ({double=},
    /// {big_number=}, {verbatim_string=}, {map=}, {set=}) or an array that stops at the first
    /// nil. <paramref name="scriptProtocol"/> is what the script set with redis.setresp.
    /// </summary>
    public static void WriteReply(IntPtr L, ReplyBuffer reply, int scriptProtocol) => Write(L, reply, scriptProtocol, 0);

    private static void Write(IntPtr L, ReplyBuffer reply, int scriptProtocol, int depth)
    {
        switch (LuaApi.lua_type(L, -1))
        {
            case LuaApi.TString:
                reply.Bulk(LuaApi.ToBytes(L, -1));
                break;
            case LuaApi.TBoolean:
                bool value = LuaApi.lua_toboolean(L, -1) != 0;
                if (scriptProtocol == 2)
                {
                    if (value) reply.Raw(":1\r\n"u8);
                    else reply.NullBulk();
                }
                else reply.Bool(value);
                break;
            case LuaApi.TNumber:
                reply.Integer(LuaApi.lua_isinteger(L, -1) != 0
                    ? LuaApi.ToInteger(L, -1)
                    : CFormat.ToLongLikeC(LuaApi.ToNumber(L, -1)));
                break;
            case LuaApi.TTable:
                if (depth >= MaxDepth || LuaApi.lua_checkstack(L, 4) == 0 || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
                {
                    reply.Error("ERR reached lua stack limit"u8);
                    break;
                }
                WriteTable(L, reply, scriptProtocol, depth);
                break;
            default:
                reply.NullBulk();
                break;
        }
        LuaApi.Pop(L, 1);
    }

    private static void WriteTable(IntPtr L, ReplyBuffer reply, int scriptProtocol, int depth)
    {
        if (LuaApi.RawGetField(L, -1, "err"u8) == LuaApi.TString)
        {
            LuaApi.Pop(L, 1);
            WriteErrorTable(L, reply, "");
            return;
        }
        LuaApi.Pop(L, 1);

        if (LuaApi.RawGetField(L, -1, "ok"u8) == LuaApi.TString)
        {
            reply.Simple(OneLine(CString(LuaApi.ToBytes(L, -1))));
            LuaApi.Pop(L, 1);
            return;
        }
        LuaApi.Pop(L, 1);

        if (LuaApi.RawGetField(L, -1, "double"u8) == LuaApi.TNumber)
        {
            WriteDouble(reply, LuaApi.ToNumber(L, -1));
            LuaApi.Pop(L, 1);
            return;
        }
        LuaApi.Pop(L, 1);

        if (LuaApi.RawGetField(L, -1, "big_number"u8) == LuaApi.TString)
        {
            var digits = OneLine(LuaApi.ToBytes(L, -1));
            if (reply.Protocol == 3)
            {
                reply.Raw("("u8);
                reply.Raw(digits);
                reply.Raw("\r\n"u8);
            }
            else reply.Bulk(digits);
            LuaApi.Pop(L, 1);
            return;
        }
        LuaApi.Pop(L, 1);

        if (LuaApi.RawGetField(L, -1, "verbatim_string"u8) == LuaApi.TTable && WriteVerbatim(L, reply))
        {
            LuaApi.Pop(L, 1);
            return;
        }
        LuaApi.Pop(L, 1);

        if (LuaApi.RawGetField(L, -1, "map"u8) == LuaApi.TTable)
        {
            reply.MapHeader(CountPairs(L));
            LuaApi.lua_pushnil(L);
            while (LuaApi.lua_next(L, -2) != 0)
            {
                LuaApi.lua_pushvalue(L, -2);
                Write(L, reply, scriptProtocol, depth + 1); // the key
                Write(L, reply, scriptProtocol, depth + 1); // the value
            }
            LuaApi.Pop(L, 1);
            return;
        }
        LuaApi.Pop(L, 1);

        if (LuaApi.RawGetField(L, -1, "set"u8) == LuaApi.TTable)
        {
            reply.SetHeader(CountPairs(L));
            LuaApi.lua_pushnil(L);
            while (LuaApi.lua_next(L, -2) != 0)
            {
                LuaApi.Pop(L, 1);
                LuaApi.lua_pushvalue(L, -1);
                Write(L, reply, scriptProtocol, depth + 1);
            }
            LuaApi.Pop(L, 1);
            return;
        }
        LuaApi.Pop(L, 1);

        int count = 0;
        while (LuaApi.lua_rawgeti(L, -1, count + 1) != LuaApi.TNil)
        {
            LuaApi.Pop(L, 1);
            count++;
        }
        LuaApi.Pop(L, 1);
        reply.ArrayHeader(count);
        for (int i = 1; i <= count; i++)
        {
            LuaApi.lua_rawgeti(L, -1, i);
            Write(L, reply, scriptProtocol, depth + 1);
        }
    }

    /// <summary>{verbatim_string={format=, string=}} on top (not popped): false when a field is missing.</summary>
    private static bool WriteVerbatim(IntPtr L, ReplyBuffer reply)
    {
        int pushed = 1;
        bool complete = false;
        if (LuaApi.RawGetField(L, -1, "format"u8) == LuaApi.TString)
        {
            pushed = 2;
            complete = LuaApi.RawGetField(L, -2, "string"u8) == LuaApi.TString;
        }
        if (complete)
        {
            Span<byte> format = stackalloc byte[3];
            var given = LuaApi.ToBytes(L, -2);
            given[..Math.Min(3, given.Length)].CopyTo(format);
            reply.Verbatim(LuaApi.ToBytes(L, -1), format);
        }
        LuaApi.Pop(L, pushed);
        return complete;
    }

    private static int CountPairs(IntPtr L)
    {
        int count = 0;
        LuaApi.lua_pushnil(L);
        while (LuaApi.lua_next(L, -2) != 0)
        {
            LuaApi.Pop(L, 1);
            count++;
        }
        return count;
    }

    /// <summary>cf. addReplyDouble: "%.17g", with inf and -inf spelled out.</summary>
    private static void WriteDouble(ReplyBuffer reply, double value)
    {
        reply.Double(Encoding.ASCII.GetBytes(CFormat.G(value, 17)));
    }

    /// <summary>
    /// Writes the error table on top of the stack (not popped): "-" + err, then, when the
    /// table carries the position the message handler added, " script: NAME, on SOURCE:LINE.".
    /// An error a command already reported (ignore_error_stats_update) is not counted again
    /// in INFO errorstats. cf. luaExtractErrorInformation.
    /// </summary>
    private static void WriteErrorTable(IntPtr L, ReplyBuffer reply, string scriptName)
    {
        var text = new StringBuilder();
        LuaApi.RawGetField(L, -1, "err"u8);
        text.Append(Latin1(L, -1));
        LuaApi.Pop(L, 1);
        bool hasSource = LuaApi.RawGetField(L, -1, "source"u8) is LuaApi.TString or LuaApi.TNumber;
        bool hasLine = LuaApi.RawGetField(L, -2, "line"u8) is LuaApi.TString or LuaApi.TNumber;
        if (scriptName.Length > 0 && hasSource && hasLine)
            text.Append(" script: ").Append(scriptName).Append(", on ").Append(Latin1(L, -2)).Append(':').Append(Latin1(L, -1)).Append('.');
        LuaApi.Pop(L, 2);
        bool statsDone = LuaApi.RawGetField(L, -1, "ignore_error_stats_update"u8) == LuaApi.TBoolean && LuaApi.lua_toboolean(L, -1) != 0;
        LuaApi.Pop(L, 1);

        var bytes = Encoding.Latin1.GetBytes(text.ToString());
        if (!statsDone)
        {
            reply.Error(bytes);
            return;
        }
        reply.Raw("-"u8);
        reply.Raw(OneLine(bytes));
        reply.Raw("\r\n"u8);
    }

    /// <summary>
    /// The reply to a script that raised an error (the value on top: what the message
    /// handler returned). cf. the error branch of luaCallFunction.
    /// </summary>
    public static void WriteScriptError(IntPtr L, ReplyBuffer reply, string scriptName)
    {
        if (LuaApi.lua_type(L, -1) == LuaApi.TTable) WriteErrorTable(L, reply, scriptName);
        else reply.Error($"ERR Error running script {scriptName}, {ErrorText(L)}");
    }

    /// <summary>The error value on top as text, cut at 100 characters ("%.100s"); "execution failure" when it is not a string.</summary>
    public static string ErrorText(IntPtr L)
    {
        if (LuaApi.lua_type(L, -1) is not (LuaApi.TString or LuaApi.TNumber)) return "execution failure";
        var text = Latin1(L, -1);
        return text.Length > 100 ? text[..100] : text;
    }

    /// <summary>Where a suspended script is: the source and line of its innermost frame of user code.</summary>
    public static (string Source, int Line) CurrentPosition(IntPtr thread)
    {
        byte* debug = stackalloc byte[LuaApi.DebugSize];
        byte* what = stackalloc byte[] { (byte)'S', (byte)'l', 0 };
        for (int level = 0; LuaApi.lua_getstack(thread, level, debug) != 0; level++)
        {
            LuaApi.lua_getinfo(thread, what, debug);
            byte* source = *(byte**)(debug + LuaApi.DebugSource);
            if (source == null || source[0] == (byte)'=') continue; // C functions ("=[C]") and the runtime's own chunks
            int length = (int)*(nuint*)(debug + LuaApi.DebugSourceLength);
            return (Encoding.Latin1.GetString(source, length), *(int*)(debug + LuaApi.DebugCurrentLine));
        }
        return ("?", -1);
    }

    private static string Latin1(IntPtr L, int index)
    {
        if (LuaApi.lua_type(L, index) == LuaApi.TNumber)
        {
            return LuaApi.lua_isinteger(L, index) != 0
                ? LuaApi.ToInteger(L, index).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : CFormat.G(LuaApi.ToNumber(L, index), 14);
        }
        return Encoding.Latin1.GetString(LuaApi.ToBytes(L, index));
    }

    /// <summary>A C string's view of bytes: up to the first NUL (Redis copies status texts with strlen).</summary>
    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> bytes)
    {
        int nul = bytes.IndexOf((byte)0);
        return nul < 0 ? bytes : bytes[..nul];
    }

    /// <summary>CR and LF become spaces, so that a script's text cannot break the protocol (a copy only when there are some).</summary>
    private static ReadOnlySpan<byte> OneLine(ReadOnlySpan<byte> text)
    {
        if (text.IndexOfAny((byte)'\r', (byte)'\n') < 0) return text;
        var copy = text.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is (byte)'\r' or (byte)'\n') copy[i] = (byte)' ';
        }
        return copy;
    }
}
