// The hash commands: HSET, HGET, HDEL, HINCRBY, HRANDFIELD, HSCAN and the rest.
// cf. the command half of t_hash.c; the data structure is Storage/RedisHash.cs.

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class HashCommands
{
    // ---- writing ----------------------------------------------------------------------

    /// <summary>
    /// Format: <c>HSET key field value [field value ...]</c>
    /// Sets each field to its value and replies how many fields were new.
    /// </summary>
    public static void HSet(Client client) => SetPairs(client, "hset", replyCreated: true);

    /// <summary>
    /// Format: <c>HMSET key field value [field value ...]</c>
    /// HSET's older form (deprecated since 4.0): the same, replying OK.
    /// </summary>
    public static void HMSet(Client client) => SetPairs(client, "hmset", replyCreated: false);

    // cf. hsetCommand, which serves both.
    private static void SetPairs(Client client, string name, bool replyCreated)
    {
        var args = client.Args;
        if (args.Count % 2 == 1)
        {
            client.Reply.Error(Errors.WrongArgCount(name));
            return;
        }
        var hash = LookupWriteOrCreate(client, args[1], out var stored);
        if (hash is null) return;

        var config = client.Server.Config;
        long created = 0;
        for (int i = 2; i < args.Count; i += 2)
        {
            if (hash.Set(args[i], args[i + 1], config.HashMaxListpackEntries, config.HashMaxListpackValue)) created++;
        }
        client.Db.SignalModified(args[1], stored);
        client.Server.Dirty += (args.Count - 2) / 2;
        KeyspaceEvents.Notify(client, NotifyClass.Hash, "hset"u8, args[1]);
        if (replyCreated) client.Reply.Integer(created);
        else client.Reply.Ok();
    }

    /// <summary>
    /// Format: <c>HSETNX key field value</c>
    /// Sets the field only if it does not exist yet: 1 if it did, 0 otherwise.
    /// </summary>
    public static void HSetNx(Client client)
    {
        var args = client.Args;
        var hash = LookupWriteOrCreate(client, args[1], out var stored);
        if (hash is null) return;
        if (hash.Contains(args[2]))
        {
            client.Reply.Integer(0);
            return;
        }
        var config = client.Server.Config;
        hash.Set(args[2], args[3], config.HashMaxListpackEntries, config.HashMaxListpackValue);
        client.Db.SignalModified(args[1], stored);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Hash, "hset"u8, args[1]);
        client.Reply.Integer(1);
    }

    /// <summary>
    /// Format: <c>HDEL key field [field ...]</c>
    /// Removes the fields and replies how many existed; a hash left empty is deleted.
    /// </summary>
    public static void HDel(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value, forWrite: true)) return;
        if (value is null)
        {
            client.Reply.Integer(0);
            return;
        }
        var hash = value.As<RedisHash>();
        long deleted = 0;
        bool keyRemoved = false;
        for (int i = 2; i < args.Count; i++)
        {
            if (!hash.Remove(args[i])) continue;
            deleted++;
            // The key goes with its last field; further fields cannot be found.
            if (keyRemoved = KeyLookup.DeleteIfEmpty(client, args[1], value)) break;
        }
        if (deleted > 0)
        {
            client.Db.SignalModified(args[1]);
            client.Server.Dirty += deleted;
            KeyspaceEvents.Notify(client, NotifyClass.Hash, "hdel"u8, args[1]);
            if (keyRemoved) KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, args[1]);
        }
        client.Reply.Integer(deleted);
    }

    /// <summary>
    /// Format: <c>HINCRBY key field increment</c>
    /// Adds a 64-bit integer to the field's value (0 when absent) and replies the result.
    /// </summary>
    public static void HIncrBy(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[3], out long increment))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        var hash = LookupWriteOrCreate(client, args[1], out var stored);
        if (hash is null) return;

        long current = 0;
        Span<byte> digits = stackalloc byte[RedisHash.DigitsLength];
        if (hash.TryGetValue(args[2], digits, out var text) && !Numbers.TryParseLong(text, out current))
        {
            client.Reply.Error(Errors.HashValueNotInteger);
            return;
        }
        if (!Numbers.TryAdd(current, increment, out long result))
        {
            client.Reply.Error(Errors.IncrOverflow);
            return;
        }
        var config = client.Server.Config;
        hash.Set(args[2], digits[..Numbers.FormatLong(result, digits)], config.HashMaxListpackEntries, config.HashMaxListpackValue);
        client.Db.SignalModified(args[1], stored);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Hash, "hincrby"u8, args[1]);
        client.Reply.Integer(result);
    }

    /// <summary>
    /// Format: <c>HINCRBYFLOAT key field increment</c>
    /// Adds a long double to the field's value (0 when absent) and replies the result as text,
    /// with INCRBYFLOAT's arithmetic and formatting (<see cref="LongDouble"/>).
    /// </summary>
    public static void HIncrByFloat(Client client)
    {
        var args = client.Args;
        if (!LongDouble.TryParse(args[3], out var increment))
        {
            client.Reply.Error(Errors.NotFloat);
            return;
        }
        if (increment.IsInfinity)
        {
            client.Reply.Error(Errors.NaNOrInfinityValue);
            return;
        }
        var hash = LookupWriteOrCreate(client, args[1], out var stored);
        if (hash is null) return;

        var current = default(LongDouble);
        Span<byte> digits = stackalloc byte[RedisHash.DigitsLength];
        if (hash.TryGetValue(args[2], digits, out var text) && !LongDouble.TryParse(text, out current))
        {
            client.Reply.Error(Errors.HashValueNotFloat);
            return;
        }
        var sum = current + increment;
        if (sum.IsInfinity)
        {
            client.Reply.Error(Errors.NaNOrInfinity);
            return;
        }
        var result = sum.ToHumanString();
        var config = client.Server.Config;
        hash.Set(args[2], result, config.HashMaxListpackEntries, config.HashMaxListpackValue);
        client.Db.SignalModified(args[1], stored);
        client.Server.Dirty++;
        // The result goes to the stream, as HSET (cf. hincrbyfloatCommand).
        if (client.Server.Propagation.Rewrite(client.Db.Id, 4))
        {
            var propagation = client.Server.Propagation;
            propagation.Arg("HSET"u8);
            propagation.Arg(args[1]);
            propagation.Arg(args[2]);
            propagation.Arg(result);
            propagation.EndOp();
        }
        KeyspaceEvents.Notify(client, NotifyClass.Hash, "hincrbyfloat"u8, args[1]);
        client.Reply.Bulk(result);
    }

    // ---- reading ----------------------------------------------------------------------

    /// <summary>
    /// Format: <c>HGET key field</c>
    /// The field's value, or null.
    /// </summary>
    public static void HGet(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value)) return;
        Span<byte> digits = stackalloc byte[RedisHash.DigitsLength];
        if (value is not null && value.As<RedisHash>().TryGetValue(args[2], digits, out var field)) client.Reply.Bulk(field);
        else client.Reply.NullBulk();
    }

    /// <summary>
    /// Format: <c>HMGET key field [field ...]</c>
    /// The values of the fields, in order, null for each one absent (all of them for a missing key).
    /// </summary>
    public static void HMGet(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value)) return;
        var hash = value?.As<RedisHash>();
        Span<byte> digits = stackalloc byte[RedisHash.DigitsLength];
        client.Reply.ArrayHeader(args.Count - 2);
        for (int i = 2; i < args.Count; i++)
        {
            if (hash is not null && hash.TryGetValue(args[i], digits, out var field)) client.Reply.Bulk(field);
            else client.Reply.NullBulk();
        }
    }

    /// <summary>
    /// Format: <c>HLEN key</c>
    /// How many fields the hash holds (0 for a missing key).
    /// </summary>
    public static void HLen(Client client)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        client.Reply.Integer(value is null ? 0 : value.As<RedisHash>().Count);
    }

    /// <summary>
    /// Format: <c>HSTRLEN key field</c>
    /// The length of the field's value in bytes, 0 when absent.
    /// </summary>
    public static void HStrLen(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value)) return;
        Span<byte> digits = stackalloc byte[RedisHash.DigitsLength];
        client.Reply.Integer(value is not null && value.As<RedisHash>().TryGetValue(args[2], digits, out var field) ? field.Length : 0);
    }

    /// <summary>
    /// Format: <c>HEXISTS key field</c>
    /// 1 if the field exists, 0 otherwise.
    /// </summary>
    public static void HExists(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value)) return;
        client.Reply.Integer(value is not null && value.As<RedisHash>().Contains(args[2]) ? 1 : 0);
    }

    /// <summary>
    /// Format: <c>HKEYS key</c>
    /// Every field (in insertion order while the hash is a listpack).
    /// </summary>
    public static void HKeys(Client client) => ReplyAll(client, fields: true, values: false);

    /// <summary>
    /// Format: <c>HVALS key</c>
    /// Every value, in the order HKEYS lists their fields.
    /// </summary>
    public static void HVals(Client client) => ReplyAll(client, fields: false, values: true);

    /// <summary>
    /// Format: <c>HGETALL key</c>
    /// Every field and its value: a map in RESP3, a flat array in RESP2.
    /// </summary>
    public static void HGetAll(Client client) => ReplyAll(client, fields: true, values: true);

    // cf. genericHgetallCommand.
    private static void ReplyAll(Client client, bool fields, bool values)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        long count = value is null ? 0 : value.As<RedisHash>().Count;
        if (fields && values) client.Reply.MapHeader(count);
        else client.Reply.ArrayHeader(count);
        if (value is null) return;
        foreach (var entry in value.As<RedisHash>().Pairs(stackalloc byte[RedisHash.PairDigitsLength]))
        {
            if (fields) client.Reply.Bulk(entry.Field);
            if (values) client.Reply.Bulk(entry.Value);
        }
    }

    /// <summary>
    /// Format: <c>HRANDFIELD key [count [WITHVALUES]]</c>
    /// Without a count, one random field (null for a missing key). With a positive count, that
    /// many distinct fields (all when the hash is smaller); with a negative count, that many
    /// fields drawn independently, repeats allowed. WITHVALUES adds each value: after its field
    /// in RESP2, as [field, value] pairs in RESP3. cf. hrandfieldCommand.
    /// </summary>
    public static void HRandField(Client client)
    {
        var args = client.Args;
        if (args.Count == 2)
        {
            if (!TryLookup(client, args[1], out var value)) return;
            if (value is null)
            {
                client.Reply.NullBulk();
                return;
            }
            value.As<RedisHash>().RandomPair(stackalloc byte[RedisHash.PairDigitsLength], out var field, out _);
            client.Reply.Bulk(field);
            return;
        }

        // -LONG_MAX..LONG_MAX, so that negating the count cannot overflow.
        if (!Numbers.TryParseLong(args[2], out long count))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (count == long.MinValue)
        {
            client.Reply.Error(Errors.RandomCountOutOfRange);
            return;
        }
        bool withValues = args.Count == 4;
        if (args.Count > 4 || (withValues && !args.IsOption(3, "WITHVALUES"u8)))
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        // With values the reply holds twice as many elements: keep that count in range.
        if (withValues && (count < -long.MaxValue / 2 || count > long.MaxValue / 2))
        {
            client.Reply.Error(Errors.ValueOutOfRange);
            return;
        }
        RandomFieldsWithCount(client, count, withValues);
    }

    // cf. hrandfieldWithCountCommand.
    private static void RandomFieldsWithCount(Client client, long count, bool withValues)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        if (value is null || count == 0)
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        var hash = value.As<RedisHash>();
        var reply = client.Reply;
        bool pairsAsArrays = withValues && reply.Protocol == 3;
        HashPairVisitor visit = (field, fieldValue) =>
        {
            if (pairsAsArrays) reply.ArrayHeader(2);
            reply.Bulk(field);
            if (withValues) reply.Bulk(fieldValue);
        };

        bool repeats = count < 0 || count == 1;
        long replied = count < 0 ? -count : Math.Min(count, hash.Count);
        reply.ArrayHeader(withValues && !pairsAsArrays ? 2 * replied : replied);
        if (repeats) hash.VisitRandomWithRepeats(replied, visit);
        else hash.VisitRandomDistinct(replied, visit);
    }

    /// <summary>
    /// Format: <c>HSCAN key cursor [MATCH pattern] [COUNT count]</c>
    /// A step of an iteration over the fields and values; see <see cref="ScanCommands.Collection"/>.
    /// </summary>
    public static void HScan(Client client) => ScanCommands.Collection(client, RedisType.Hash, pairs: true);

    // ---- lookups ----------------------------------------------------------------------

    private static bool TryLookup(Client client, ReadOnlySpan<byte> key, out RedisObject? value, bool forWrite = false) =>
        KeyLookup.TryLookup(client, key, RedisType.Hash, out value, forWrite);

    /// <summary>
    /// The hash under <paramref name="key"/>, created empty when missing, or null after replying
    /// WRONGTYPE (cf. hashTypeLookupWriteOrCreate). Callers fill a created hash before replying.
    /// </summary>
    private static RedisHash? LookupWriteOrCreate(Client client, ReadOnlySpan<byte> key, out RedisObject stored)
    {
        stored = null!;
        if (!TryLookup(client, key, out var value, forWrite: true)) return null;
        if (value is null) client.Db.Set(key, value = RedisObject.Collection(RedisType.Hash, new RedisHash()));
        stored = value; // for SignalModified, which then needs no second search
        return value.As<RedisHash>();
    }
}
