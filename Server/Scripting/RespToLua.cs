// A command's RESP reply, read in place from the pseudo-client's reply buffer, pushed as Lua
// values. cf. redisProtocolToLuaType and its callbacks in script_lua.c.

using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EventLoopRedis.Scripting;

/// <summary>
/// The conversions are Redis's: integer to number, bulk string to string, null to false,
/// status to <c>{ok=...}</c>, error to <c>{err=...}</c>, array to table; and for RESP3
/// (after <c>redis.setresp(3)</c>) null to nil, boolean to boolean, double to
/// <c>{double=n}</c>, big number to <c>{big_number=s}</c>, verbatim string to
/// <c>{verbatim_string={string=s, format=f}}</c>, map to <c>{map={...}}</c> and set to
/// <c>{set={member=true}}</c>. Integers stay Lua 5.4 integers (Redis's Lua 5.1 has only
/// doubles); see docs/scripting.md. Only raw, non-raising API calls are used.
/// </summary>
internal static class RespToLua
{
    /// <summary>Pushes the one RESP value <paramref name="resp"/> holds.</summary>
    public static void Push(IntPtr L, ReadOnlySpan<byte> resp)
    {
        int at = 0;
        Push(L, resp, ref at);
    }

    private static void Push(IntPtr L, ReadOnlySpan<byte> resp, ref int at)
    {
        LuaApi.lua_checkstack(L, 4);
        byte type = resp[at];
        var line = Line(resp, ref at);
        switch ((char)type)
        {
            case ':':
                LuaApi.lua_pushinteger(L, ParseLong(line));
                break;
            case '$':
            {
                long length = ParseLong(line);
                if (length < 0)
                {
                    LuaApi.lua_pushboolean(L, 0);
                    break;
                }
                LuaApi.PushBytes(L, resp.Slice(at, (int)length));
                at += (int)length + 2;
                break;
            }
            case '+':
                LuaApi.lua_createtable(L, 0, 1);
                LuaApi.PushBytes(L, "ok"u8);
                LuaApi.PushBytes(L, line);
                LuaApi.lua_rawset(L, -3);
                break;
            case '-':
                PushError(L, line, statsDone: true);
                break;
            case '*' or '>':
            {
                long count = ParseLong(line);
                if (count < 0)
                {
                    LuaApi.lua_pushboolean(L, 0);
                    break;
                }
                LuaApi.lua_createtable(L, (int)count, 0);
                for (int i = 1; i <= count; i++)
                {
                    Push(L, resp, ref at);
                    LuaApi.lua_rawseti(L, -2, i);
                }
                break;
            }
            case '_':
                LuaApi.lua_pushnil(L);
                break;
            case '#':
                LuaApi.lua_pushboolean(L, line.Length > 0 && line[0] == (byte)'t' ? 1 : 0);
                break;
            case ',':
                LuaApi.lua_createtable(L, 0, 1);
                LuaApi.lua_pushnumber(L, ParseDouble(line));
                LuaApi.RawSetField(L, -2, "double"u8);
                break;
            case '(':
                LuaApi.lua_createtable(L, 0, 1);
                LuaApi.PushBytes(L, line);
                LuaApi.RawSetField(L, -2, "big_number"u8);
                break;
            case '=':
            {
                int length = (int)ParseLong(line);
                var body = resp.Slice(at, length);
                at += length + 2;
                LuaApi.lua_createtable(L, 0, 1);
                LuaApi.lua_createtable(L, 0, 2);
                LuaApi.PushBytes(L, body[4..]);
                LuaApi.RawSetField(L, -2, "string"u8);
                LuaApi.PushBytes(L, body[..3]);
                LuaApi.RawSetField(L, -2, "format"u8);
                LuaApi.RawSetField(L, -2, "verbatim_string"u8);
                break;
            }
            case '%' or '~':
            {
                bool isMap = type == (byte)'%';
                long count = ParseLong(line);
                LuaApi.lua_createtable(L, 0, 1);
                LuaApi.lua_createtable(L, 0, (int)count);
                for (long i = 0; i < count; i++)
                {
                    Push(L, resp, ref at);
                    if (isMap) Push(L, resp, ref at);
                    else LuaApi.lua_pushboolean(L, 1);
                    // A nil key cannot be stored (rawset would raise): drop the pair, as a table cannot hold it anyway.
                    if (LuaApi.lua_type(L, -2) == LuaApi.TNil) LuaApi.Pop(L, 2);
                    else LuaApi.lua_rawset(L, -3);
                }
                LuaApi.RawSetField(L, -2, isMap ? "map"u8 : "set"u8);
                break;
            }
            case '|':
            {
                // Attributes are not shown to scripts: skip them, then read the value they annotate.
                long count = ParseLong(line);
                for (long i = 0; i < count * 2; i++)
                {
                    Push(L, resp, ref at);
                    LuaApi.Pop(L, 1);
                }
                Push(L, resp, ref at);
                break;
            }
            default:
                LuaApi.lua_pushnil(L);
                break;
        }
    }

    /// <summary>
    /// Pushes <c>{err="CODE message"}</c> for an error reply's text (without '-'): a text
    /// with no space gets the code ERR, and CR/LF at either end are trimmed. cf. luaPushErrorBuff.
    /// </summary>
    public static void PushError(IntPtr L, ReadOnlySpan<byte> text, bool statsDone)
    {
        LuaApi.lua_createtable(L, 0, 2);
        if (text.IndexOf((byte)' ') < 0) LuaApi.PushBytes(L, Encoding.Latin1.GetBytes("ERR " + Encoding.Latin1.GetString(text)));
        else LuaApi.PushBytes(L, text.Trim("\r\n"u8));
        LuaApi.RawSetField(L, -2, "err"u8);
        if (statsDone)
        {
            LuaApi.lua_pushboolean(L, 1);
            LuaApi.RawSetField(L, -2, "ignore_error_stats_update"u8);
        }
    }

    private static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> resp, ref int at)
    {
        int end = resp[at..].IndexOf("\r\n"u8) + at;
        var line = resp[(at + 1)..end];
        at = end + 2;
        return line;
    }

    private static long ParseLong(ReadOnlySpan<byte> text)
    {
        Utf8Parser.TryParse(text, out long value, out _);
        return value;
    }

    private static double ParseDouble(ReadOnlySpan<byte> text) => Encoding.ASCII.GetString(text) switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        var s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
