// String commands (GET and SET with all of SET's options; the rest of t_string.c comes later).
// cf. t_string.c: getCommand, setCommand, parseExtendedStringArgumentsOrReply.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class StringCommands
{
    /// <summary>Format: <c>GET key</c></summary>
    public static void Get(Client client)
    {
        var value = client.Db.Lookup(client.Args[1]);
        if (value is null) client.Reply.NullBulk();
        else if (value.Type != RedisType.String) client.Reply.Error(Errors.WrongType);
        else client.Reply.Bulk(value.Bytes);
    }

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
        AnyExpire = Ex | Px | ExAt | PxAt,
    }

    /// <summary>
    /// Format: <c>SET key value [NX | XX] [GET] [EX seconds | PX milliseconds |
    /// EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]</c>
    /// Replies +OK, or null when NX/XX prevented the write; with GET, the old value instead.
    /// </summary>
    public static void Set(Client client)
    {
        var args = client.Args;
        var flags = SetFlags.None;
        int expireArg = 0;
        for (int i = 3; i < args.Count; i++)
        {
            bool hasNext = i + 1 < args.Count;
            if (args.Is(i, "NX"u8) && (flags & SetFlags.Xx) == 0) flags |= SetFlags.Nx;
            else if (args.Is(i, "XX"u8) && (flags & SetFlags.Nx) == 0) flags |= SetFlags.Xx;
            else if (args.Is(i, "GET"u8)) flags |= SetFlags.Get;
            else if (args.Is(i, "KEEPTTL"u8) && (flags & SetFlags.AnyExpire) == 0) flags |= SetFlags.KeepTtl;
            else if (hasNext && (flags & (SetFlags.AnyExpire | SetFlags.KeepTtl)) == 0 && ExpireOption(args, i) is var unit and not SetFlags.None)
            {
                flags |= unit;
                expireArg = ++i;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }

        long expireAtMs = -1;
        if (expireArg > 0 && !TryGetExpireAt(client, args[expireArg], flags, out expireAtMs)) return;

        var key = args[1];
        var db = client.Db;
        if ((flags & SetFlags.Get) != 0)
        {
            var old = db.Lookup(key);
            if (old is not null && old.Type != RedisType.String)
            {
                client.Reply.Error(Errors.WrongType);
                return;
            }
            if (old is null) client.Reply.NullBulk();
            else client.Reply.Bulk(old.Bytes);
        }

        bool exists = db.LookupQuiet(key) is not null;
        if (((flags & SetFlags.Nx) != 0 && exists) || ((flags & SetFlags.Xx) != 0 && !exists))
        {
            if ((flags & SetFlags.Get) == 0) client.Reply.NullBulk();
            return;
        }

        db.Set(key, RedisObject.String(args.ToArray(2)), keepTtl: (flags & SetFlags.KeepTtl) != 0);
        if (expireAtMs >= 0) db.SetExpire(key, expireAtMs);
        if ((flags & SetFlags.Get) == 0) client.Reply.Ok();
    }

    private static SetFlags ExpireOption(ArgList args, int i) =>
        args.Is(i, "EX"u8) ? SetFlags.Ex
        : args.Is(i, "PX"u8) ? SetFlags.Px
        : args.Is(i, "EXAT"u8) ? SetFlags.ExAt
        : args.Is(i, "PXAT"u8) ? SetFlags.PxAt
        : SetFlags.None;

    /// <summary>
    /// Turns an EX/PX/EXAT/PXAT argument into an absolute Unix time in ms, replying with
    /// Redis's error when it is not a number, not positive, or would overflow.
    /// cf. getExpireMillisecondsOrReply.
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
        if (value <= 0 || (seconds && value > long.MaxValue / 1000))
        {
            client.Reply.Error(Errors.InvalidExpireTime(set: true));
            return false;
        }
        if (seconds) value *= 1000;
        if ((flags & (SetFlags.Ex | SetFlags.Px)) != 0)
        {
            long now = Clock.UnixMs;
            if (value > long.MaxValue - now)
            {
                client.Reply.Error(Errors.InvalidExpireTime(set: true));
                return false;
            }
            value += now;
        }
        atMs = value;
        return true;
    }
}
