// SCAN over the keyspace, and the half of it that HSCAN, SSCAN and ZSCAN share: the cursor,
// the MATCH/COUNT options, the filter and the reply. cf. scanGenericCommand and
// parseScanCursorOrReply in db.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class ScanCommands
{
    /// <summary>
    /// Format: <c>SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]</c>
    /// Replies the next cursor (0 when the iteration is over) and a batch of keys. COUNT is a
    /// hint: whole buckets are visited until about COUNT keys were collected (or 10 × COUNT
    /// buckets were seen); MATCH, TYPE and expiry filter that batch afterwards, so a call may
    /// return fewer keys than COUNT, even none, before the end.
    /// </summary>
    public static void Scan(Client client)
    {
        var args = client.Args;
        if (!TryParseCursor(args[1], out ulong cursor))
        {
            client.Reply.Error(Errors.InvalidCursor);
            return;
        }
        if (!TryParseOptions(client, firstOption: 2, allowType: true, out long count, out int patternArg, out int typeArg)) return;

        var db = client.Db;
        var keys = Batch;
        cursor = db.Scan(cursor, count, keys);

        var type = typeArg > 0 ? ArgList.CString(args[typeArg]) : default;
        int kept = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (!Matches(client, patternArg, key)) continue;
            if (typeArg > 0 && !System.Text.Ascii.EqualsIgnoreCase(RedisObjects.TypeName(db.LookupNoTouch(key)), type)) continue;
            if (db.ExpireIfNeeded(key)) continue;
            keys[kept++] = key;
        }
        ReplyAndClear(client, cursor, kept);
    }

    /// <summary>
    /// HSCAN, SSCAN and ZSCAN: <c>XSCAN key cursor [MATCH pattern] [COUNT count]</c> over a
    /// collection of <paramref name="type"/>. As in Redis the cursor is checked first, then the
    /// key (a missing key is an empty, finished scan, whatever the options; another type is
    /// WRONGTYPE), then the options. For a hash or sorted set (<paramref name="pairs"/>) MATCH tests the field or
    /// member and keeps or drops it together with its value or score.
    /// </summary>
    public static void Collection(Client client, RedisType type, bool pairs)
    {
        var args = client.Args;
        if (!TryParseCursor(args[2], out ulong cursor))
        {
            client.Reply.Error(Errors.InvalidCursor);
            return;
        }
        if (!KeyLookup.TryLookup(client, args[1], type, out var value)) return;
        if (value is null)
        {
            ReplyAndClear(client, 0, 0);
            return;
        }
        if (!TryParseOptions(client, firstOption: 3, allowType: false, out long count, out int patternArg, out _)) return;

        var items = Batch;
        cursor = ((IScannableCollection)value.Value!).Scan(cursor, count, items);
        int step = pairs ? 2 : 1, kept = 0;
        for (int i = 0; i < items.Count; i += step)
        {
            if (!Matches(client, patternArg, items[i])) continue;
            for (int j = 0; j < step; j++) items[kept++] = items[i + j];
        }
        ReplyAndClear(client, cursor, kept);
    }

    // The batch, reused so that a call allocates nothing (one thread runs every command, so one
    // list serves them all); trimmed after a huge COUNT.
    private static readonly List<byte[]> Batch = new();
    private const int MaxRetainedBatch = 1024;

    private static void ReplyAndClear(Client client, ulong cursor, int kept)
    {
        var items = Batch;
        client.Reply.ArrayHeader(2);
        client.Reply.BulkLong((long)cursor);
        client.Reply.ArrayHeader(kept);
        for (int i = 0; i < kept; i++) client.Reply.Bulk(items[i]);
        items.Clear();
        if (items.Capacity > MaxRetainedBatch) items.Capacity = MaxRetainedBatch;
    }

    // A lone "*" matches everything, the empty string too, so it is no filter at all.
    private static bool Matches(Client client, int patternArg, byte[] item) =>
        patternArg == 0 || client.Args[patternArg] is [(byte)'*'] || Glob.Match(client.Args[patternArg], item);

    /// <summary>COUNT (at least 1), MATCH and, for the keyspace only, TYPE; false after replying the error.</summary>
    private static bool TryParseOptions(
        Client client, int firstOption, bool allowType, out long count, out int patternArg, out int typeArg)
    {
        var args = client.Args;
        count = 10;
        patternArg = typeArg = 0;
        for (int i = firstOption; i < args.Count; i += 2)
        {
            bool hasValue = i + 1 < args.Count;
            if (hasValue && args.Is(i, "COUNT"u8))
            {
                if (!Numbers.TryParseLong(args[i + 1], out count))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return false;
                }
                if (count < 1)
                {
                    client.Reply.Error(Errors.Syntax);
                    return false;
                }
            }
            else if (hasValue && args.Is(i, "MATCH"u8)) patternArg = i + 1;
            else if (hasValue && allowType && args.Is(i, "TYPE"u8)) typeArg = i + 1;
            else
            {
                client.Reply.Error(Errors.Syntax);
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Reads a SCAN cursor as parseScanCursorOrReply does with strtoul: no leading space, an
    /// optional sign (a minus negates modulo 2^64, so "-1" is the largest cursor), decimal digits
    /// up to the end of the C string (the first NUL byte), no overflow. An empty string is 0.
    /// </summary>
    private static bool TryParseCursor(ReadOnlySpan<byte> text, out ulong cursor)
    {
        cursor = 0;
        text = ArgList.CString(text);
        if (text.IsEmpty) return true;
        if (text[0] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r') return false;
        bool negative = text[0] == (byte)'-';
        if (text[0] is (byte)'-' or (byte)'+') text = text[1..];
        if (text.IsEmpty) return false;
        ulong value = 0;
        foreach (byte c in text)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
            ulong digit = (ulong)(c - '0');
            if (value > (ulong.MaxValue - digit) / 10) return false;
            value = value * 10 + digit;
        }
        cursor = negative ? unchecked(0 - value) : value;
        return true;
    }
}
