// Finding a key's value for a command of one type, with Redis's WRONGTYPE check.
// cf. lookupKeyReadOrReply, lookupKeyWriteOrReply and checkType in db.c and object.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class KeyLookup
{
    /// <summary>
    /// Looks <paramref name="key"/> up and checks that it holds a <paramref name="type"/>, cf.
    /// lookupKeyRead or lookupKeyWrite followed by checkType. Returns false after replying
    /// WRONGTYPE; otherwise <paramref name="value"/> is the value, or null when the key does not
    /// exist. A lookup for writing leaves the keyspace hit and miss counters alone, as in Redis.
    /// </summary>
    public static bool TryLookup(
        Client client, ReadOnlySpan<byte> key, RedisType type, out RedisObject? value, bool forWrite = false)
    {
        value = forWrite ? client.Db.LookupQuiet(key) : client.Db.Lookup(key);
        if (value is null || value.Type == type) return true;
        client.Reply.Error(Errors.WrongType);
        return false;
    }

    /// <summary>
    /// Deletes <paramref name="key"/> when a command has just emptied its collection: in Redis an
    /// empty list, hash, set or sorted set never exists. Returns true if it deleted the key.
    /// </summary>
    public static bool DeleteIfEmpty(Client client, ReadOnlySpan<byte> key, RedisObject value)
    {
        if (((ICollectionValue)value.Value!).Count != 0) return false;
        client.Db.Delete(key);
        return true;
    }
}
