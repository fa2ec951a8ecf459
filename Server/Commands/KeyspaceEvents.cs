// Keyspace notifications: a command that changed a key publishes what it did on
// __keyspace@<db>__:<key> (the message is the event) and __keyevent@<db>__:<event> (the message is the key).
// cf. notifyKeyspaceEvent in notify.c, and its callers in t_*.c, db.c and expire.c.

using System.Buffers.Text;
using System.Runtime.CompilerServices;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

/// <summary>
/// The one API every command calls after a change, at the point where Redis's command calls
/// notifyKeyspaceEvent. With notifications off (the default) a call costs one flag test and
/// allocates nothing; with them on, the channel name is built in a reused buffer and the
/// message goes through the ordinary pub/sub delivery, so subscribers and patterns see it as
/// any PUBLISH.
/// </summary>
internal static class KeyspaceEvents
{
    // The channel under construction; the server is single-threaded, but tests host several
    // servers on several threads, hence one buffer per thread.
    [ThreadStatic] private static byte[]? t_channel;

    /// <summary>Publishes event <paramref name="name"/> of class <paramref name="type"/> on key <paramref name="key"/> of the client's database.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Notify(Client client, NotifyClass type, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key)
    {
        if ((client.Server.Config.NotifyKeyspaceEvents & type) == 0) return;
        Publish(client.Server, name, key, client.Db.Id);
    }

    /// <summary>The same for a key of another database (MOVE, COPY ... DB) or without a client (expiry).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Notify(RedisServer server, NotifyClass type, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key, int db)
    {
        if ((server.Config.NotifyKeyspaceEvents & type) == 0) return;
        Publish(server, name, key, db);
    }

    /// <summary>
    /// What the databases report themselves (cf. the notifyKeyspaceEvent calls in dbAdd,
    /// deleteExpiredKeyAndPropagate and lookupKey): a new key, an expired key, a read miss.
    /// </summary>
    public static void OnDatabaseEvent(RedisServer server, Database db, KeyEvent what, ReadOnlySpan<byte> key)
    {
        switch (what)
        {
            case KeyEvent.Added: Notify(server, NotifyClass.New, "new"u8, key, db.Id); break;
            case KeyEvent.Expired: Notify(server, NotifyClass.Expired, "expired"u8, key, db.Id); break;
            case KeyEvent.Missed: Notify(server, NotifyClass.KeyMiss, "keymiss"u8, key, db.Id); break;
            case KeyEvent.Evicted: Notify(server, NotifyClass.Evicted, "evicted"u8, key, db.Id); break;
        }
    }

    private static void Publish(RedisServer server, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key, int db)
    {
        var flags = server.Config.NotifyKeyspaceEvents;
        var pubsub = server.PubSub;
        if ((flags & NotifyClass.Keyspace) != 0)
            pubsub.Publish(Channel("__keyspace@"u8, db, key), name, pubsub.Global);
        if ((flags & NotifyClass.Keyevent) != 0)
            pubsub.Publish(Channel("__keyevent@"u8, db, name), key, pubsub.Global);
    }

    /// <summary>prefix, db, "__:", suffix, in the reused buffer (valid until the next call).</summary>
    private static ReadOnlySpan<byte> Channel(ReadOnlySpan<byte> prefix, int db, ReadOnlySpan<byte> suffix)
    {
        int needed = prefix.Length + 11 + 3 + suffix.Length;
        var buffer = t_channel;
        if (buffer is null || buffer.Length < needed) t_channel = buffer = new byte[Math.Max(needed, 256)];
        prefix.CopyTo(buffer);
        int length = prefix.Length;
        Utf8Formatter.TryFormat(db, buffer.AsSpan(length), out int digits);
        length += digits;
        "__:"u8.CopyTo(buffer.AsSpan(length));
        length += 3;
        suffix.CopyTo(buffer.AsSpan(length));
        return buffer.AsSpan(0, length + suffix.Length);
    }
}
