// String commands: GET and SET with their variants, ranges, counters, LCS.
// cf. t_string.c (setGenericCommand, parseExtendedStringArgumentsOrReply, getexCommand,
// incrDecrCommand, incrbyfloatCommand, lcsCommand...).

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class StringCommands
{
    /// <summary>Writes a string value as a bulk reply, formatting an int without allocating (cf. addReplyBulk).</summary>
    internal static void ReplyString(Client client, RedisObject value)
    {
        Span<byte> digits = stackalloc byte[20];
        client.Reply.Bulk(value.StringSpan(digits));
    }

    /// <summary>Looks <paramref name="key"/> up for a string command; see <see cref="KeyLookup.TryLookup"/>.</summary>
    internal static bool TryLookupString(Client client, ReadOnlySpan<byte> key, out RedisObject? value, bool forWrite = false) =>
        KeyLookup.TryLookup(client, key, RedisType.String, out value, forWrite);

    // ---- GET and its variants ------------------------------------------------------

    /// <summary>Format: <c>GET key</c></summary>
    public static void Get(Client client) => GetGeneric(client);

    /// <summary>
    /// Replies with the string at argv[1] or null; false (after replying WRONGTYPE) when the
    /// key holds another type. cf. getGenericCommand.
    /// </summary>
    private static bool GetGeneric(Client client)
    {
        if (!TryLookupString(client, client.Args[1], out var value)) return false;
        if (value is null) client.Reply.NullBulk();
        else ReplyString(client, value);
        return true;
    }

    /// <summary>Format: <c>GETSET key value</c>. Replies the old value; the new one loses any time to live.</summary>
    public static void GetSet(Client client)
    {
        if (!GetGeneric(client)) return;
        client.Db.Set(client.Args[1], RedisObject.EncodedString(client.Args[2]));
        client.Db.SignalReplaced(client.Args[1]);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.String, "set"u8, client.Args[1]);
    }

    /// <summary>Format: <c>GETDEL key</c>. Replies the value and deletes the key.</summary>
    public static void GetDel(Client client)
    {
        if (!GetGeneric(client)) return;
        if (!client.Db.Delete(client.Args[1])) return;
        client.Db.SignalModified(client.Args[1]);
        client.Server.Dirty++;
        PropagateAsDel(client, client.Args[1]);
        KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, client.Args[1]);
    }

    /// <summary>
    /// Format: <c>GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds |
    /// PXAT unix-time-milliseconds | PERSIST]</c>. Replies the value and changes its time to
    /// live; an EXAT/PXAT time already past deletes the key.
    /// </summary>
    public static void GetEx(Client client)
    {
        if (!TryParseOptions(client, 2, forSet: false, out var flags, out int expireArg)) return;
        var key = client.Args[1];
        var db = client.Db;
        if (!TryLookupString(client, key, out var value)) return;
        if (value is null)
        {
            client.Reply.NullBulk();
            return;
        }
        long expireAtMs = -1;
        if (expireArg > 0 && !TryGetExpireAt(client, client.Args[expireArg], flags, out expireAtMs)) return;

        ReplyString(client, value); // before the key may be deleted
        if ((flags & (SetFlags.ExAt | SetFlags.PxAt)) != 0 && expireAtMs <= Clock.UnixMs)
        {
            db.Delete(key);
            db.SignalModified(key);
            client.Server.Dirty++;
            PropagateAsDel(client, key);
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, key);
        }
        else if (expireAtMs >= 0)
        {
            db.SetExpire(key, expireAtMs);
            db.SignalModified(key);
            client.Server.Dirty++;
            // Every time goes to the stream as the absolute PEXPIREAT (cf. getexCommand).
            if (client.Server.Propagation.Rewrite(db.Id, 3))
            {
                var propagation = client.Server.Propagation;
                propagation.Arg("PEXPIREAT"u8);
                propagation.Arg(key);
                propagation.Arg(expireAtMs);
                propagation.EndOp();
            }
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "expire"u8, key);
        }
        else if ((flags & SetFlags.Persist) != 0 && db.RemoveExpire(key))
        {
            db.SignalModified(key);
            client.Server.Dirty++;
            if (client.Server.Propagation.Rewrite(db.Id, 2))
            {
                client.Server.Propagation.Arg("PERSIST"u8);
                client.Server.Propagation.Arg(key);
                client.Server.Propagation.EndOp();
            }
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "persist"u8, key);
        }
    }

    /// <summary>The running command goes to the write stream as <c>DEL key</c> (lazyfree-lazy-user-del is always no here).</summary>
    internal static void PropagateAsDel(Client client, ReadOnlySpan<byte> key)
    {
        var propagation = client.Server.Propagation;
        if (!propagation.Rewrite(client.Db.Id, 2)) return;
        propagation.Arg("DEL"u8);
        propagation.Arg(key);
        propagation.EndOp();
    }

    /// <summary>Format: <c>MGET key [key ...]</c>. Null for missing keys and for keys that are not strings.</summary>
    public static void MGet(Client client)
    {
        var args = client.Args;
        client.Reply.ArrayHeader(args.Count - 1);
        for (int i = 1; i < args.Count; i++)
        {
            var value = client.Db.Lookup(args[i]);
            if (value is null || value.Type != RedisType.String) client.Reply.NullBulk();
            else ReplyString(client, value);
        }
    }

    /// <summary>Format: <c>STRLEN key</c>. 0 for a missing key.</summary>
    public static void StrLen(Client client)
    {
        if (TryLookupString(client, client.Args[1], out var value)) client.Reply.Integer(value?.StringLength ?? 0);
    }

    /// <summary>
    /// Format: <c>GETRANGE key start end</c> (also <c>SUBSTR</c>). Inclusive byte range;
    /// negative indexes count from the end; out-of-range parts are clipped.
    /// </summary>
    public static void GetRange(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[2], out long start) || !Numbers.TryParseLong(args[3], out long end))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (!TryLookupString(client, args[1], out var value)) return;
        if (value is null)
        {
            client.Reply.Bulk([]);
            return;
        }

        Span<byte> digits = stackalloc byte[20];
        var bytes = value.StringSpan(digits);
        long length = bytes.Length;
        if (start < 0 && end < 0 && start > end)
        {
            client.Reply.Bulk([]);
            return;
        }
        if (start < 0) start = Math.Max(length + start, 0);
        if (end < 0) end = Math.Max(length + end, 0);
        if (end >= length) end = length - 1;
        if (start > end || length == 0) client.Reply.Bulk([]);
        else client.Reply.Bulk(bytes[(int)start..(int)(end + 1)]);
    }

    // ---- SET and its variants ------------------------------------------------------

    [Flags]
    private enum SetFlags
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Get = 4,
        KeepTtl = 8,
        Ex = 16,
        Px = 32,
        ExAt = 64,
        PxAt = 128,
        Persist = 256,
        AnyExpire = Ex | Px | ExAt | PxAt,
    }

    /// <summary>
    /// Format: <c>SET key value [NX | XX] [GET] [EX seconds | PX milliseconds |
    /// EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]</c>
    /// Replies +OK, or null when NX/XX prevented the write; with GET, the old value instead.
    /// </summary>
    public static void Set(Client client)
    {
        if (!TryParseOptions(client, 3, forSet: true, out var flags, out int expireArg)) return;
        SetGeneric(client, flags, valueArg: 2, expireArg, countReply: false);
    }

    /// <summary>Format: <c>SETNX key value</c>. Replies 1 when set, 0 when the key existed.</summary>
    public static void SetNx(Client client) => SetGeneric(client, SetFlags.Nx, valueArg: 2, expireArg: 0, countReply: true);

    /// <summary>Format: <c>SETEX key seconds value</c></summary>
    public static void SetEx(Client client) => SetGeneric(client, SetFlags.Ex, valueArg: 3, expireArg: 2, countReply: false);

    /// <summary>Format: <c>PSETEX key milliseconds value</c></summary>
    public static void PSetEx(Client client) => SetGeneric(client, SetFlags.Px, valueArg: 3, expireArg: 2, countReply: false);

    /// <summary>
    /// Sets argv[1] to argv[<paramref name="valueArg"/>], with the time to live in
    /// argv[<paramref name="expireArg"/>] when that is not 0. <paramref name="countReply"/> is
    /// SETNX's style: 1 or 0 instead of +OK or null. cf. setGenericCommand.
    /// </summary>
    private static void SetGeneric(Client client, SetFlags flags, int valueArg, int expireArg, bool countReply)
    {
        var args = client.Args;
        long expireAtMs = -1;
        if (expireArg > 0 && !TryGetExpireAt(client, args[expireArg], flags, out expireAtMs)) return;
        if ((flags & SetFlags.Get) != 0 && !GetGeneric(client)) return;

        var key = args[1];
        var db = client.Db;
        // NX and XX need to know whether the key exists, and under an LFU policy the lookup counts an access
        // that the new value inherits (cf. lookupKeyWrite in setKey). A plain SET needs only an expired
        // key gone first: it then finds and replaces the key in one search, in Database.Set.
        bool exists = false;
        if ((flags & (SetFlags.Nx | SetFlags.Xx)) != 0 || db.Access.Lfu) exists = db.LookupQuiet(key) is not null;
        else db.ExpireIfNeeded(key);
        bool replies = (flags & SetFlags.Get) == 0;
        if (((flags & SetFlags.Nx) != 0 && exists) || ((flags & SetFlags.Xx) != 0 && !exists))
        {
            if (!replies) return;
            if (countReply) client.Reply.Integer(0);
            else client.Reply.NullBulk();
            return;
        }

        var value = RedisObject.EncodedString(args[valueArg]);
        db.Set(key, value, keepTtl: (flags & SetFlags.KeepTtl) != 0 || expireArg > 0);
        if (expireAtMs >= 0) db.SetExpire(key, expireAtMs);
        db.SignalReplaced(key);
        client.Server.Dirty++;
        // A relative time (EX, PX, SETEX, PSETEX) or EXAT goes to the stream as SET key value PXAT ms,
        // its other options dropped (cf. the end of setGenericCommand).
        if (expireAtMs >= 0 && (flags & SetFlags.PxAt) == 0 && client.Server.Propagation.Rewrite(db.Id, 5))
        {
            var propagation = client.Server.Propagation;
            propagation.Arg("SET"u8);
            propagation.Arg(key);
            propagation.Arg(args[valueArg]);
            propagation.Arg("PXAT"u8);
            propagation.Arg(expireAtMs);
            propagation.EndOp();
        }
        KeyspaceEvents.Notify(client, NotifyClass.String, "set"u8, key);
        if (expireAtMs >= 0) KeyspaceEvents.Notify(client, NotifyClass.Generic, "expire"u8, key);
        if (!replies) return;
        if (countReply) client.Reply.Integer(1);
        else client.Reply.Ok();
    }

    /// <summary>
    /// Parses SET's options (from argv[3]) or GETEX's (from argv[2]) with Redis's rules: a
    /// repeated option is fine, a conflicting one is a syntax error; EX/PX/EXAT/PXAT take the
    /// next argument, whose index goes to <paramref name="expireArg"/>.
    /// cf. parseExtendedStringArgumentsOrReply.
    /// </summary>
    private static bool TryParseOptions(Client client, int first, bool forSet, out SetFlags flags, out int expireArg)
    {
        var args = client.Args;
        flags = SetFlags.None;
        expireArg = 0;
        for (int i = first; i < args.Count; i++)
        {
            bool hasNext = i + 1 < args.Count;
            if (forSet && args.IsOption(i, "NX"u8) && (flags & SetFlags.Xx) == 0) flags |= SetFlags.Nx;
            else if (forSet && args.IsOption(i, "XX"u8) && (flags & SetFlags.Nx) == 0) flags |= SetFlags.Xx;
            else if (forSet && args.IsOption(i, "GET"u8)) flags |= SetFlags.Get;
            else if (forSet && args.IsOption(i, "KEEPTTL"u8) && (flags & (SetFlags.Persist | SetFlags.AnyExpire)) == 0)
                flags |= SetFlags.KeepTtl;
            else if (!forSet && args.IsOption(i, "PERSIST"u8) && (flags & (SetFlags.KeepTtl | SetFlags.AnyExpire)) == 0)
                flags |= SetFlags.Persist;
            else if (hasNext && ExpireOption(args, i) is var unit and not SetFlags.None
                     && (flags & (SetFlags.KeepTtl | SetFlags.Persist | SetFlags.AnyExpire) & ~unit) == 0)
            {
                flags |= unit;
                expireArg = ++i;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return false;
            }
        }
        return true;
    }

    private static SetFlags ExpireOption(ArgList args, int i) =>
        args.IsOption(i, "EX"u8) ? SetFlags.Ex
        : args.IsOption(i, "PX"u8) ? SetFlags.Px
        : args.IsOption(i, "EXAT"u8) ? SetFlags.ExAt
        : args.IsOption(i, "PXAT"u8) ? SetFlags.PxAt
        : SetFlags.None;

    /// <summary>
    /// Turns an EX/PX/EXAT/PXAT argument into an absolute Unix time in ms, replying with
    /// Redis's error (naming the command) when it is not a number, not positive, or would
    /// overflow. cf. getExpireMillisecondsOrReply.
    /// </summary>
    private static bool TryGetExpireAt(Client client, ReadOnlySpan<byte> text, SetFlags flags, out long atMs)
    {
        atMs = 0;
        if (!Numbers.TryParseLong(text, out long value))
        {
            client.Reply.Error(Errors.NotInteger);
            return false;
        }
        bool seconds = (flags & (SetFlags.Ex | SetFlags.ExAt)) != 0;
        bool relative = (flags & (SetFlags.Ex | SetFlags.Px)) != 0;
        if (value <= 0 || (seconds && value > long.MaxValue / 1000) || (relative && value * (seconds ? 1000 : 1) > long.MaxValue - Clock.UnixMs))
        {
            client.Reply.Error(Errors.InvalidExpireTime(client.LastCommand!.FullName));
            return false;
        }
        if (seconds) value *= 1000;
        if (relative) value += Clock.UnixMs;
        atMs = value;
        return true;
    }

    /// <summary>Format: <c>MSET key value [key value ...]</c></summary>
    public static void MSet(Client client)
    {
        if (!CheckPairs(client)) return;
        SetPairs(client);
        client.Reply.Ok();
    }

    /// <summary>Format: <c>MSETNX key value [key value ...]</c>. Sets all (1) or, if any key exists, none (0).</summary>
    public static void MSetNx(Client client)
    {
        if (!CheckPairs(client)) return;
        var args = client.Args;
        for (int i = 1; i < args.Count; i += 2)
        {
            if (client.Db.LookupQuiet(args[i]) is not null)
            {
                client.Reply.Integer(0);
                return;
            }
        }
        SetPairs(client);
        client.Reply.Integer(1);
    }

    /// <summary>MSET's arity is "at least 3" in the table, but its arguments must also come in pairs.</summary>
    private static bool CheckPairs(Client client)
    {
        if (client.Args.Count % 2 == 1) return true;
        client.Reply.Error(Errors.WrongArgCount(client.LastCommand!.FullName));
        return false;
    }

    private static void SetPairs(Client client)
    {
        var args = client.Args;
        for (int i = 1; i < args.Count; i += 2)
        {
            client.Db.Set(args[i], RedisObject.EncodedString(args[i + 1]));
            client.Db.SignalReplaced(args[i]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.String, "set"u8, args[i]);
        }
    }

    // ---- changing strings in place -------------------------------------------------

    /// <summary>Format: <c>APPEND key value</c>. Replies the new length.</summary>
    public static void Append(Client client)
    {
        var args = client.Args;
        if (!TryLookupString(client, args[1], out var value, forWrite: true)) return;
        if (value is null)
        {
            value = RedisObject.EncodedString(args[2]);
            client.Db.Set(args[1], value);
            client.Db.SignalModified(args[1]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.String, "append"u8, args[1]);
            client.Reply.Integer(value.StringLength);
            return;
        }
        int oldLength = value.StringLength;
        if (!CheckStringLength(client, oldLength, args[2].Length)) return;
        var bytes = value.WritableString(oldLength + args[2].Length);
        args[2].CopyTo(bytes[oldLength..]);
        client.Db.SignalModified(args[1]);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.String, "append"u8, args[1]);
        client.Reply.Integer(bytes.Length);
    }

    /// <summary>
    /// Format: <c>SETRANGE key offset value</c>. Overwrites from <c>offset</c>, padding with
    /// zero bytes when the string is shorter. Replies the new length.
    /// </summary>
    public static void SetRange(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[2], out long offset))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (offset < 0)
        {
            client.Reply.Error(Errors.OffsetOutOfRange);
            return;
        }
        var patch = args[3];
        if (!TryLookupString(client, args[1], out var value, forWrite: true)) return;
        if (value is null)
        {
            if (patch.Length == 0)
            {
                client.Reply.Integer(0);
                return;
            }
            if (!CheckStringLength(client, offset, patch.Length)) return;
            var created = new byte[offset + patch.Length];
            patch.CopyTo(created.AsSpan((int)offset));
            client.Db.Set(args[1], RedisObject.RawString(created));
            client.Db.SignalModified(args[1]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.String, "setrange"u8, args[1]);
            client.Reply.Integer(created.Length);
            return;
        }
        if (patch.Length == 0)
        {
            client.Reply.Integer(value.StringLength);
            return;
        }
        if (!CheckStringLength(client, offset, patch.Length)) return;
        var bytes = value.WritableString((int)offset + patch.Length);
        patch.CopyTo(bytes[(int)offset..]);
        client.Db.SignalModified(args[1]);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.String, "setrange"u8, args[1]);
        client.Reply.Integer(bytes.Length);
    }

    /// <summary>
    /// Refuses a string that would grow past proto-max-bulk-len, cf. checkStringLength.
    /// (A .NET array also stops at about 2 GB, which only matters if the limit was raised.)
    /// </summary>
    internal static bool CheckStringLength(Client client, long size, long append)
    {
        long limit = Math.Min(client.Server.Config.ProtoMaxBulkLen, Array.MaxLength);
        if (size <= limit - append) return true;
        client.Reply.Error(Errors.StringTooLong);
        return false;
    }

    // ---- counters --------------------------------------------------------------------

    /// <summary>Format: <c>INCR key</c></summary>
    public static void Incr(Client client) => IncrDecr(client, 1);

    /// <summary>Format: <c>DECR key</c></summary>
    public static void Decr(Client client) => IncrDecr(client, -1);

    /// <summary>Format: <c>INCRBY key increment</c></summary>
    public static void IncrBy(Client client)
    {
        if (!Numbers.TryParseLong(client.Args[2], out long increment))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        IncrDecr(client, increment);
    }

    /// <summary>Format: <c>DECRBY key decrement</c></summary>
    public static void DecrBy(Client client)
    {
        if (!Numbers.TryParseLong(client.Args[2], out long decrement))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (decrement == long.MinValue)
        {
            client.Reply.Error(Errors.DecrOverflow); // its negation does not fit
            return;
        }
        IncrDecr(client, -decrement);
    }

    /// <summary>
    /// Adds to the integer at argv[1] (0 when missing) and replies the result. The result is
    /// int-encoded, changed in place when the key exists, so its TTL stays and nothing is
    /// allocated. cf. incrDecrCommand.
    /// </summary>
    private static void IncrDecr(Client client, long increment)
    {
        var key = client.Args[1];
        if (!TryLookupString(client, key, out var value, forWrite: true)) return;
        if (!TryGetLong(value, out long current))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (!Numbers.TryAdd(current, increment, out current))
        {
            client.Reply.Error(Errors.IncrOverflow);
            return;
        }
        if (value is null) client.Db.Set(key, value = RedisObject.FromLong(current));
        else value.SetInteger(current);
        client.Db.SignalModified(key, value);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.String, "incrby"u8, key);
        client.Reply.Integer(current);
    }

    /// <summary>The integer a string holds (0 for a missing key), cf. getLongLongFromObject.</summary>
    private static bool TryGetLong(RedisObject? value, out long result)
    {
        result = 0;
        if (value is null) return true;
        if (value.Encoding == ObjectEncoding.Int)
        {
            result = value.Integer;
            return true;
        }
        Span<byte> digits = stackalloc byte[20];
        return Numbers.TryParseLong(value.StringSpan(digits), out result);
    }

    /// <summary>
    /// Format: <c>INCRBYFLOAT key increment</c>. The sum is computed in long double and
    /// stored as text (never int-encoded), as Redis does; see <see cref="LongDouble"/>.
    /// </summary>
    public static void IncrByFloat(Client client)
    {
        var args = client.Args;
        if (!TryLookupString(client, args[1], out var value, forWrite: true)) return;
        if (!TryGetLongDouble(value, out var current) || !LongDouble.TryParse(args[2], out var increment))
        {
            client.Reply.Error(Errors.NotFloat);
            return;
        }
        var sum = current + increment;
        if (sum.IsInfinity)
        {
            client.Reply.Error(Errors.NaNOrInfinity);
            return;
        }
        var text = sum.ToHumanString();
        client.Db.Set(args[1], RedisObject.String(text), keepTtl: true);
        client.Db.SignalModified(args[1]);
        client.Server.Dirty++;
        // The result, not the increment, goes to the stream: float formatting may differ elsewhere.
        if (client.Server.Propagation.Rewrite(client.Db.Id, 4))
        {
            var propagation = client.Server.Propagation;
            propagation.Arg("SET"u8);
            propagation.Arg(args[1]);
            propagation.Arg(text);
            propagation.Arg("KEEPTTL"u8);
            propagation.EndOp();
        }
        KeyspaceEvents.Notify(client, NotifyClass.String, "incrbyfloat"u8, args[1]);
        client.Reply.Bulk(text);
    }

    /// <summary>The number a string holds (0 for a missing key), cf. getLongDoubleFromObject.</summary>
    private static bool TryGetLongDouble(RedisObject? value, out LongDouble result)
    {
        result = default;
        if (value is null) return true;
        if (value.Encoding == ObjectEncoding.Int)
        {
            result = LongDouble.FromLong(value.Integer);
            return true;
        }
        Span<byte> digits = stackalloc byte[20];
        return LongDouble.TryParse(value.StringSpan(digits), out result);
    }

    // ---- LCS ---------------------------------------------------------------------------

    /// <summary>
    /// Format: <c>LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]</c>.
    /// The longest common subsequence of two strings (missing keys are empty): the string
    /// itself, its length (LEN), or the matching ranges from last to first (IDX).
    /// cf. lcsCommand, which this follows step by step so ties resolve the same way.
    /// </summary>
    public static void Lcs(Client client)
    {
        var args = client.Args;
        var first = client.Db.Lookup(args[1]);
        var second = client.Db.Lookup(args[2]);
        if ((first is not null && first.Type != RedisType.String) || (second is not null && second.Type != RedisType.String))
        {
            client.Reply.Error(Errors.LcsNotStrings);
            return;
        }
        var a = first is null ? default : first.DecodedString().Span;
        var b = second is null ? default : second.DecodedString().Span;

        bool getLength = false, getIndexes = false, withMatchLength = false;
        long minMatchLength = 0;
        for (int j = 3; j < args.Count; j++)
        {
            if (args.IsOption(j, "IDX"u8)) getIndexes = true;
            else if (args.IsOption(j, "LEN"u8)) getLength = true;
            else if (args.IsOption(j, "WITHMATCHLEN"u8)) withMatchLength = true;
            else if (args.IsOption(j, "MINMATCHLEN"u8) && j + 1 < args.Count)
            {
                if (!Numbers.TryParseLong(args[j + 1], out minMatchLength))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (minMatchLength < 0) minMatchLength = 0;
                j++;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        if (getLength && getIndexes)
        {
            client.Reply.Error(Errors.LcsLenAndIdx);
            return;
        }

        // The table has (|a|+1) x (|b|+1) 32-bit cells; Redis caps it at proto-max-bulk-len bytes.
        long cells = (long)(a.Length + 1) * (b.Length + 1);
        if (cells > client.Server.Config.ProtoMaxBulkLen / sizeof(uint))
        {
            client.Reply.Error(Errors.LcsTableTooBig);
            return;
        }
        var table = LcsTable.TryCreate(a, b);
        if (table is null)
        {
            client.Reply.Error(Errors.LcsAllocationFailed);
            return;
        }
        if (getLength)
        {
            client.Reply.Integer(table.Length);
            return;
        }
        var (subsequence, matches) = table.Backtrack(a, b, minMatchLength);
        if (!getIndexes)
        {
            client.Reply.Bulk(subsequence);
            return;
        }

        client.Reply.MapHeader(2);
        client.Reply.Bulk("matches"u8);
        client.Reply.ArrayHeader(matches.Count);
        foreach (var (aStart, aEnd, bStart, bEnd) in matches)
        {
            client.Reply.ArrayHeader(withMatchLength ? 3 : 2);
            client.Reply.ArrayHeader(2);
            client.Reply.Integer(aStart);
            client.Reply.Integer(aEnd);
            client.Reply.ArrayHeader(2);
            client.Reply.Integer(bStart);
            client.Reply.Integer(bEnd);
            if (withMatchLength) client.Reply.Integer(aEnd - aStart + 1);
        }
        client.Reply.Bulk("len"u8);
        client.Reply.Integer(table.Length);
    }
}
