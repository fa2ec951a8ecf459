// Generic key commands: deleting, inspecting, listing, renaming, moving and copying keys, and
// their times to live. cf. db.c (delCommand, typeCommand, keysCommand, scanGenericCommand,
// renameGenericCommand, moveCommand, copyCommand), expire.c (expireGenericCommand,
// ttlGenericCommand, persistCommand, touchCommand) and object.c (objectCommand).

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class KeyCommands
{
    // ---- existence and deletion ---------------------------------------------------------

    /// <summary>Format: <c>DEL key [key ...]</c>. Replies how many keys were removed.</summary>
    public static void Del(Client client)
    {
        long deleted = 0;
        for (int i = 1; i < client.Args.Count; i++)
        {
            if (!client.Db.Delete(client.Args[i])) continue;
            client.Db.SignalModified(client.Args[i]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, client.Args[i]);
            deleted++;
        }
        client.Reply.Integer(deleted);
    }

    /// <summary>
    /// Format: <c>UNLINK key [key ...]</c>. Redis frees big values in a background thread;
    /// here the garbage collector does that for every deletion, so UNLINK is DEL.
    /// </summary>
    public static void Unlink(Client client) => Del(client);

    /// <summary>Format: <c>EXISTS key [key ...]</c>. A key named twice counts twice.</summary>
    public static void Exists(Client client)
    {
        long found = 0;
        for (int i = 1; i < client.Args.Count; i++)
        {
            if (client.Db.LookupNoTouch(client.Args[i]) is not null) found++;
        }
        client.Reply.Integer(found);
    }

    /// <summary>Format: <c>TOUCH key [key ...]</c>. Refreshes each key's access time; replies how many exist.</summary>
    public static void Touch(Client client)
    {
        long touched = 0;
        for (int i = 1; i < client.Args.Count; i++)
        {
            if (client.Db.Lookup(client.Args[i]) is not null) touched++;
        }
        client.Reply.Integer(touched);
    }

    /// <summary>Format: <c>TYPE key</c>. Replies the type name as a status, "none" when absent.</summary>
    public static void Type(Client client) =>
        client.Reply.Simple(RedisObjects.TypeName(client.Db.LookupNoTouch(client.Args[1])));

    // ---- listing the keyspace ------------------------------------------------------------

    /// <summary>Format: <c>KEYS pattern</c>. Every live key matching the glob pattern, in table order.</summary>
    public static void Keys(Client client)
    {
        var keys = new List<byte[]>();
        client.Db.CollectKeys(client.Args[1], keys);
        client.Reply.ArrayHeader(keys.Count);
        foreach (var key in keys) client.Reply.Bulk(key);
    }

    /// <summary>Format: <c>RANDOMKEY</c>. A random live key, or null when the database is empty.</summary>
    public static void RandomKey(Client client)
    {
        var key = client.Db.RandomKey();
        if (key is null) client.Reply.NullBulk();
        else client.Reply.Bulk(key);
    }

    // ---- renaming, moving, copying ---------------------------------------------------------

    /// <summary>Format: <c>RENAME key newkey</c>. Overwrites newkey; the time to live goes with the value.</summary>
    public static void Rename(Client client) => Rename(client, onlyIfAbsent: false);

    /// <summary>Format: <c>RENAMENX key newkey</c>. Replies 1, or 0 when newkey exists.</summary>
    public static void RenameNx(Client client) => Rename(client, onlyIfAbsent: true);

    private static void Rename(Client client, bool onlyIfAbsent)
    {
        var args = client.Args;
        var db = client.Db;
        if (db.LookupQuiet(args[1]) is null)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return;
        }
        // Renaming a key to itself changes nothing, but the key must still exist.
        bool sameKey = args[1].SequenceEqual(args[2]);
        if (!sameKey)
        {
            if (db.LookupQuiet(args[2]) is not null && onlyIfAbsent)
            {
                client.Reply.Integer(0);
                return;
            }
            db.Rename(args[1], args[2]);
            db.SignalModified(args[1]);
            db.SignalModified(args[2]);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "rename_from"u8, args[1]);
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "rename_to"u8, args[2]);
        }
        if (onlyIfAbsent) client.Reply.Integer(sameKey ? 0 : 1);
        else client.Reply.Ok();
    }

    /// <summary>Format: <c>MOVE key db</c>. Replies 1, or 0 when key is absent here or present there.</summary>
    public static void Move(Client client)
    {
        var args = client.Args;
        var source = client.Db;
        if (!TryGetDatabase(client, args[2], out var target)) return;
        if (target == source)
        {
            client.Reply.Error(Errors.SameObject);
            return;
        }
        if (source.LookupQuiet(args[1]) is null || target.LookupQuiet(args[1]) is not null)
        {
            client.Reply.Integer(0);
            return;
        }
        source.MoveTo(args[1], target);
        source.SignalModified(args[1]);
        target.SignalModified(args[1]);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client.Server, NotifyClass.Generic, "move_from"u8, args[1], source.Id);
        KeyspaceEvents.Notify(client.Server, NotifyClass.Generic, "move_to"u8, args[1], target.Id);
        client.Reply.Integer(1);
    }

    /// <summary>
    /// Format: <c>COPY source destination [DB destination-db] [REPLACE]</c>
    /// Replies 1, or 0 when source is absent or destination exists (without REPLACE).
    /// The copy is independent of the original and keeps its time to live.
    /// </summary>
    public static void Copy(Client client)
    {
        var args = client.Args;
        var source = client.Db;
        var target = source;
        bool replace = false;
        for (int i = 3; i < args.Count; i++)
        {
            if (args.Is(i, "REPLACE"u8)) replace = true;
            else if (args.Is(i, "DB"u8) && i + 1 < args.Count)
            {
                if (!TryGetDatabase(client, args[++i], out target)) return;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        if (target == source && args[1].SequenceEqual(args[2]))
        {
            client.Reply.Error(Errors.SameObject);
            return;
        }

        var value = source.Lookup(args[1]);
        if (value is null)
        {
            client.Reply.Integer(0);
            return;
        }
        long expire = source.GetExpire(args[1]);
        bool exists = target.LookupQuiet(args[2]) is not null;
        if (exists && !replace)
        {
            client.Reply.Integer(0);
            return;
        }
        // As dbDelete then dbAdd: even a copy that replaces is a new key (the "new" event).
        if (exists) target.Delete(args[2]);
        var copy = RedisObjects.Duplicate(value);
        target.Set(args[2], copy);
        if (expire != -1) target.SetExpire(args[2], expire);
        target.SignalModified(args[2]);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client.Server, NotifyClass.Generic, "copy_to"u8, args[2], target.Id);
        client.Reply.Integer(1);
    }

    /// <summary>A database index argument, as getIntFromObjectOrReply then selectDb check it.</summary>
    private static bool TryGetDatabase(Client client, ReadOnlySpan<byte> text, out Database database)
    {
        database = client.Db;
        var databases = client.Server.Databases;
        if (!Numbers.TryParseLong(text, out long index))
        {
            client.Reply.Error(Errors.NotInteger);
            return false;
        }
        if (index is < int.MinValue or > int.MaxValue)
        {
            client.Reply.Error(Errors.NotInt32);
            return false;
        }
        if (index < 0 || index >= databases.Length)
        {
            client.Reply.Error(Errors.DbIndexOutOfRange);
            return false;
        }
        database = databases[index];
        return true;
    }

    // ---- OBJECT --------------------------------------------------------------------------------

    /// <summary>Format: <c>OBJECT ENCODING key</c>. The value's internal representation, or null.</summary>
    public static void ObjectEncoding(Client client)
    {
        var value = client.Db.LookupNoTouchNoNotify(client.Args[2]);
        if (value is null) client.Reply.NullBulk();
        else client.Reply.Bulk(value.EncodingName);
    }

    /// <summary>Format: <c>OBJECT REFCOUNT key</c>. How many references the value has, or null.</summary>
    public static void ObjectRefCount(Client client)
    {
        var value = client.Db.LookupNoTouchNoNotify(client.Args[2]);
        if (value is null) client.Reply.NullBulk();
        else client.Reply.Integer(RedisObjects.RefCount(value));
    }

    /// <summary>
    /// Format: <c>OBJECT IDLETIME key</c>. Seconds since the key was last read or written, or null.
    /// Counted in whole seconds of the clock, as Redis's LRU clock (1 s resolution) does.
    /// </summary>
    public static void ObjectIdleTime(Client client)
    {
        var value = client.Db.LookupNoTouchNoNotify(client.Args[2]);
        if (value is null) client.Reply.NullBulk();
        else client.Reply.Integer(Math.Max(0, Clock.CoarseUnixMs / 1000 - value.LastAccessMs / 1000));
    }

    /// <summary>
    /// Format: <c>OBJECT FREQ key</c>. Access frequency is tracked only under an LFU
    /// maxmemory-policy, which this server does not have, so it fails as Redis does then.
    /// </summary>
    public static void ObjectFreq(Client client)
    {
        if (client.Db.LookupNoTouchNoNotify(client.Args[2]) is null) client.Reply.NullBulk();
        else client.Reply.Error(Errors.LfuNotSelected);
    }

    /// <summary>Format: <c>OBJECT HELP</c></summary>
    public static void ObjectHelp(Client client) => Help.Reply(client, "OBJECT",
    [
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    ]);

    // ---- times to live --------------------------------------------------------------------------

    /// <summary>Format: <c>EXPIRE key seconds [NX | XX | GT | LT]</c></summary>
    public static void Expire(Client client) => ExpireGeneric(client, Clock.UnixMs, seconds: true, "expire");

    /// <summary>Format: <c>PEXPIRE key milliseconds [NX | XX | GT | LT]</c></summary>
    public static void PExpire(Client client) => ExpireGeneric(client, Clock.UnixMs, seconds: false, "pexpire");

    /// <summary>Format: <c>EXPIREAT key unix-time-seconds [NX | XX | GT | LT]</c></summary>
    public static void ExpireAt(Client client) => ExpireGeneric(client, 0, seconds: true, "expireat");

    /// <summary>Format: <c>PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]</c></summary>
    public static void PExpireAt(Client client) => ExpireGeneric(client, 0, seconds: false, "pexpireat");

    [Flags]
    private enum ExpireCondition
    {
        None = 0,
        /// <summary>Only when the key has no time to live.</summary>
        Nx = 1,
        /// <summary>Only when the key has a time to live.</summary>
        Xx = 2,
        /// <summary>Only when the new time is later (no time to live counts as infinitely late).</summary>
        Gt = 4,
        /// <summary>Only when the new time is earlier.</summary>
        Lt = 8,
    }

    /// <summary>
    /// The four EXPIRE commands: the time is relative to <paramref name="baseTimeMs"/> (now, or 0
    /// for the *AT forms). Replies 1 when the time was set, 0 when the key is absent or a
    /// condition refused it. A time already past deletes the key (and still replies 1).
    /// </summary>
    private static void ExpireGeneric(Client client, long baseTimeMs, bool seconds, string command)
    {
        var args = client.Args;
        var condition = ExpireCondition.None;
        for (int i = 3; i < args.Count; i++)
        {
            if (args.Is(i, "NX"u8)) condition |= ExpireCondition.Nx;
            else if (args.Is(i, "XX"u8)) condition |= ExpireCondition.Xx;
            else if (args.Is(i, "GT"u8)) condition |= ExpireCondition.Gt;
            else if (args.Is(i, "LT"u8)) condition |= ExpireCondition.Lt;
            else
            {
                client.Reply.Error($"ERR Unsupported option {CommandExecutor.Printable(args[i], int.MaxValue)}");
                return;
            }
        }
        if ((condition & ExpireCondition.Nx) != 0 && condition != ExpireCondition.Nx)
        {
            client.Reply.Error(Errors.ExpireNxAndOthers);
            return;
        }
        if ((condition & (ExpireCondition.Gt | ExpireCondition.Lt)) == (ExpireCondition.Gt | ExpireCondition.Lt))
        {
            client.Reply.Error(Errors.ExpireGtAndLt);
            return;
        }

        if (!Numbers.TryParseLong(args[2], out long when))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        // Negative times are allowed (they delete the key); only overflow is an error.
        if (seconds)
        {
            if (when is > long.MaxValue / 1000 or < long.MinValue / 1000)
            {
                client.Reply.Error(Errors.InvalidExpireTime(command));
                return;
            }
            when *= 1000;
        }
        if (when > long.MaxValue - baseTimeMs)
        {
            client.Reply.Error(Errors.InvalidExpireTime(command));
            return;
        }
        when += baseTimeMs;

        var db = client.Db;
        var key = args[1];
        if (db.LookupQuiet(key) is null || !ConditionHolds(condition, when, db.GetExpire(key)))
        {
            client.Reply.Integer(0);
            return;
        }
        bool deletes = when <= Clock.UnixMs;
        if (deletes) db.Delete(key);
        else db.SetExpire(key, when);
        db.SignalModified(key);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Generic, deletes ? "del"u8 : "expire"u8, key);
        client.Reply.Integer(1);
    }

    private static bool ConditionHolds(ExpireCondition condition, long when, long current) => condition switch
    {
        ExpireCondition.None => true,
        ExpireCondition.Nx => current == -1,
        _ => ((condition & ExpireCondition.Xx) == 0 || current != -1)
            && ((condition & ExpireCondition.Gt) == 0 || (current != -1 && when > current))
            && ((condition & ExpireCondition.Lt) == 0 || current == -1 || when < current),
    };

    /// <summary>Format: <c>TTL key</c>. Seconds left (rounded), -1 without a time to live, -2 when absent.</summary>
    public static void Ttl(Client client) => TtlGeneric(client, milliseconds: false, absolute: false);

    /// <summary>Format: <c>PTTL key</c>. Milliseconds left, -1 without a time to live, -2 when absent.</summary>
    public static void PTtl(Client client) => TtlGeneric(client, milliseconds: true, absolute: false);

    /// <summary>Format: <c>EXPIRETIME key</c>. The Unix time (s) it expires at, -1 without one, -2 when absent.</summary>
    public static void ExpireTime(Client client) => TtlGeneric(client, milliseconds: false, absolute: true);

    /// <summary>Format: <c>PEXPIRETIME key</c>. The Unix time (ms) it expires at, -1 without one, -2 when absent.</summary>
    public static void PExpireTime(Client client) => TtlGeneric(client, milliseconds: true, absolute: true);

    private static void TtlGeneric(Client client, bool milliseconds, bool absolute)
    {
        var db = client.Db;
        var key = client.Args[1];
        if (db.LookupNoTouch(key) is null)
        {
            client.Reply.Integer(-2);
            return;
        }
        long expire = db.GetExpire(key);
        if (expire == -1)
        {
            client.Reply.Integer(-1);
            return;
        }
        long ttl = Math.Max(0, absolute ? expire : expire - Clock.UnixMs);
        // Rounded to the nearest second; unsigned, as the compiled Redis computes it, so a time
        // near the largest long rounds up instead of overflowing.
        client.Reply.Integer(milliseconds ? ttl : (long)(((ulong)ttl + 500) / 1000));
    }

    /// <summary>Format: <c>PERSIST key</c>. Replies 1 when a time to live was removed, else 0.</summary>
    public static void Persist(Client client)
    {
        var db = client.Db;
        var key = client.Args[1];
        if (db.LookupQuiet(key) is null || !db.RemoveExpire(key))
        {
            client.Reply.Integer(0);
            return;
        }
        db.SignalModified(key);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Generic, "persist"u8, key);
        client.Reply.Integer(1);
    }
}
