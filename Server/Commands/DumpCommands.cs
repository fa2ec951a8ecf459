// DUMP and RESTORE: one key's value serialised as RDB writes it, and read back, here or in Redis.
// cf. dumpCommand and restoreCommand in cluster.c.

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class DumpCommands
{
    /// <summary>Format: <c>DUMP key</c>. The value as a payload RESTORE accepts; nil for a missing key.</summary>
    public static void Dump(Client client)
    {
        if (client.Db.Lookup(client.Args[1]) is not { } value)
        {
            client.Reply.NullBulk();
            return;
        }
        client.Reply.Bulk(DumpPayload.Create(value, client.Server.Config.RdbCompression));
    }

    /// <summary>
    /// Format: <c>RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]</c>.
    /// A ttl of 0 means none; with ABSTTL it is a Unix time in ms. A time already past creates
    /// nothing (and with REPLACE deletes the old key), as Redis does.
    /// </summary>
    public static void Restore(Client client)
    {
        var args = client.Args;
        bool replace = false, absoluteTtl = false;
        long idleSeconds = -1, frequency = -1;
        for (int j = 4; j < args.Count; j++)
        {
            bool hasValue = j + 1 < args.Count;
            if (args.Is(j, "REPLACE"u8)) replace = true;
            else if (args.Is(j, "ABSTTL"u8)) absoluteTtl = true;
            else if (args.Is(j, "IDLETIME"u8) && hasValue && frequency == -1)
            {
                if (!Numbers.TryParseLong(args[++j], out idleSeconds))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (idleSeconds < 0)
                {
                    client.Reply.Error(Errors.RestoreInvalidIdleTime);
                    return;
                }
            }
            else if (args.Is(j, "FREQ"u8) && hasValue && idleSeconds == -1)
            {
                if (!Numbers.TryParseLong(args[++j], out frequency))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (frequency is < 0 or > 255)
                {
                    client.Reply.Error(Errors.RestoreInvalidFreq);
                    return;
                }
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }

        var key = args[1];
        var db = client.Db;
        if (!replace && db.LookupQuiet(key) is not null)
        {
            client.Reply.Error(Errors.BusyKey);
            return;
        }
        if (!Numbers.TryParseLong(args[2], out long ttl))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (ttl < 0)
        {
            client.Reply.Error(Errors.RestoreInvalidTtl);
            return;
        }
        if (!DumpPayload.Verify(args[3], out _))
        {
            client.Reply.Error(Errors.DumpPayloadWrong);
            return;
        }
        RedisObject value;
        try
        {
            value = RdbLoader.ReadDumpValue(args[3], client.Server.Config);
        }
        catch (RdbFormatException)
        {
            client.Reply.Error(Errors.BadDataFormat);
            return;
        }

        bool deleted = replace && db.Delete(key);
        long now = Clock.UnixMs;
        if (ttl != 0 && !absoluteTtl) ttl += now;
        if (ttl != 0 && ttl <= now)
        {
            if (deleted)
            {
                db.SignalModified(key);
                KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, key);
            }
            client.Reply.Ok();
            return;
        }
        db.Set(key, value);
        if (ttl != 0) db.SetExpire(key, ttl);
        // FREQ sets the LFU counter under an LFU maxmemory-policy only (objectSetLRUOrLFU); there is none here yet.
        if (idleSeconds >= 0) value.LastAccessMs = Clock.CoarseUnixMs - idleSeconds * 1000;
        db.SignalModified(key);
        KeyspaceEvents.Notify(client, NotifyClass.Generic, "restore"u8, key);
        client.Reply.Ok();
    }
}
