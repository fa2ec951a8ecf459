// The AOF rewrite's base in command form (aof-use-rdb-preamble no): the commands that rebuild the
// dataset, one key at a time. cf. rewriteAppendOnlyFileRio, rewriteListObject, rewriteSetObject,
// rewriteSortedSetObject, rewriteHashObject, rewriteStreamObject and rewriteFunctions in aof.c.

using System.Buffers;
using EventLoopRedis.Scripting;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Persistence.Aof;

/// <summary>
/// A snapshot output that writes RESP commands: FUNCTION LOAD for each library, SELECT before each
/// database, then per key SET, or RPUSH/SADD/ZADD/HMSET in batches of <see cref="ItemsPerCommand"/>,
/// or XADD/XSETID/XGROUP/XCLAIM for a stream, and PEXPIREAT after a key with a time to live.
/// </summary>
internal sealed class AofRewriteOutput(Stream output) : ISnapshotOutput
{
    /// <summary>AOF_REWRITE_ITEMS_PER_CMD: elements per variadic command.</summary>
    public const int ItemsPerCommand = 64;

    private const int FlushThreshold = 1 << 20;

    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + 64 * 1024);

    /// <summary>FUNCTION LOAD with each library's code, before any database (cf. rewriteFunctions).</summary>
    public void WriteFunctions(IEnumerable<FunctionLibrary> libraries)
    {
        foreach (var library in libraries)
        {
            WriteCount(_buffer, '*', 3);
            WriteBulk(_buffer, "FUNCTION"u8);
            WriteBulk(_buffer, "LOAD"u8);
            WriteBulk(_buffer, library.Code);
            Written();
        }
    }

    public void BeginDatabase(int db, long keys, long expires)
    {
        WriteCount(_buffer, '*', 2);
        WriteBulk(_buffer, "SELECT"u8);
        WriteBulkLong(_buffer, db);
        Written();
    }

    public void WriteKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs)
    {
        SerializeEntry(_buffer, key, value, expireAtMs);
        Written();
    }

    void ISnapshotOutput.SerializeEntry(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs) =>
        SerializeEntry(into, key, value, expireAtMs);

    public void WriteRaw(ReadOnlySpan<byte> entries)
    {
        _buffer.Write(entries);
        Written();
    }

    /// <summary>Hands what is buffered to the stream and flushes it: the end of the file.</summary>
    public void Finish()
    {
        FlushBuffer();
        output.Flush();
    }

    private void Written()
    {
        if (_buffer.WrittenCount >= FlushThreshold) FlushBuffer();
    }

    private void FlushBuffer()
    {
        if (_buffer.WrittenCount == 0) return;
        output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    // ---- one key ---------------------------------------------------------------------------------

    /// <summary>The commands that rebuild one key, then its PEXPIREAT when <paramref name="expireAtMs"/> &gt;= 0.</summary>
    public static void SerializeEntry(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs)
    {
        switch (value.Type)
        {
            case RedisType.String:
                Span<byte> digits = stackalloc byte[20];
                WriteCount(into, '*', 3);
                WriteBulk(into, "SET"u8);
                WriteBulk(into, key);
                WriteBulk(into, value.StringSpan(digits));
                break;
            case RedisType.List:
                WriteList(into, key, value.As<Quicklist>());
                break;
            case RedisType.Set:
                WriteSet(into, key, value.As<RedisSet>());
                break;
            case RedisType.ZSet:
                WriteZset(into, key, value.As<SortedSet>());
                break;
            case RedisType.Hash:
                WriteHash(into, key, value.As<RedisHash>());
                break;
            default:
                WriteStream(into, key, value.As<RedisStream>());
                break;
        }
        if (expireAtMs >= 0)
        {
            WriteCount(into, '*', 3);
            WriteBulk(into, "PEXPIREAT"u8);
            WriteBulk(into, key);
            WriteBulkLong(into, expireAtMs);
        }
    }

    // The header of a variadic command for the next batch: <paramref name="left"/> items remain, each of <paramref name="width"/> arguments.
    /// <summary>
    /// One key's items split into commands of at most <see cref="ItemsPerCommand"/> items each, as Redis's
    /// rewrite*Object functions split them: <see cref="Item"/> comes before each item's arguments and starts
    /// the next command (its argument count, name and key) when one is due.
    /// </summary>
    private ref struct Batches
    {
        private readonly IBufferWriter<byte> _into;
        private readonly ReadOnlySpan<byte> _command;
        private readonly ReadOnlySpan<byte> _key;
        private readonly int _argumentsPerItem;
        private long _left;
        private int _inCommand;

        public Batches(IBufferWriter<byte> into, ReadOnlySpan<byte> command, ReadOnlySpan<byte> key, long items, int argumentsPerItem)
        {
            _into = into;
            _command = command;
            _key = key;
            _left = items;
            _argumentsPerItem = argumentsPerItem;
        }

        public void Item()
        {
            if (_inCommand == 0)
            {
                WriteCount(_into, '*', 2 + Math.Min(_left, ItemsPerCommand) * _argumentsPerItem);
                WriteBulk(_into, _command);
                WriteBulk(_into, _key);
            }
            if (++_inCommand == ItemsPerCommand) _inCommand = 0;
            _left--;
        }
    }

    private static void WriteList(IBufferWriter<byte> into, ReadOnlySpan<byte> key, Quicklist list)
    {
        var batches = new Batches(into, "RPUSH"u8, key, list.Count, 1);
        Span<byte> digits = stackalloc byte[20];
        var iterator = list.IterateFrom(0, forward: true);
        while (iterator.MoveNext())
        {
            batches.Item();
            WriteBulk(into, iterator.Current(digits));
        }
    }

    private static void WriteSet(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisSet set)
    {
        var batches = new Batches(into, "SADD"u8, key, set.Count, 1);
        Span<byte> digits = stackalloc byte[20];
        foreach (var member in set)
        {
            batches.Item();
            WriteBulk(into, member.Span(digits));
        }
    }

    private static void WriteZset(IBufferWriter<byte> into, ReadOnlySpan<byte> key, SortedSet zset)
    {
        var batches = new Batches(into, "ZADD"u8, key, zset.Count, 2);
        Span<byte> score = stackalloc byte[Doubles.MaxFormattedLength];
        var cursor = zset.IterateFrom(0, reverse: false);
        while (cursor.MoveNext())
        {
            batches.Item();
            WriteBulk(into, score[..Doubles.Format(cursor.Score, score)]); // rioWriteBulkDouble: "%.17g"
            WriteBulk(into, cursor.Member);
        }
    }

    private static void WriteHash(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisHash hash)
    {
        var batches = new Batches(into, "HMSET"u8, key, hash.Count, 2);
        Span<byte> digits = stackalloc byte[RedisHash.PairDigitsLength];
        foreach (var pair in hash.Pairs(digits))
        {
            batches.Item();
            WriteBulk(into, pair.Field);
            WriteBulk(into, pair.Value);
        }
    }

    /// <summary>
    /// XADD per entry (an empty stream: XADD MAXLEN 0 0-1 x y), XSETID with the counters, then per group
    /// XGROUP CREATE, and per consumer XCLAIM ... FORCE for each pending entry or XGROUP CREATECONSUMER.
    /// </summary>
    private static void WriteStream(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisStream stream)
    {
        if (stream.Length > 0)
        {
            var range = stream.Between(StreamId.Min, StreamId.Max);
            while (range.MoveNext())
            {
                var entry = range.Current;
                WriteCount(into, '*', 3 + entry.Pairs.Length);
                WriteBulk(into, "XADD"u8);
                WriteBulk(into, key);
                WriteBulkId(into, entry.Id);
                foreach (var part in entry.Pairs) WriteBulk(into, part);
            }
        }
        else
        {
            WriteCount(into, '*', 7);
            WriteBulk(into, "XADD"u8);
            WriteBulk(into, key);
            WriteBulk(into, "MAXLEN"u8);
            WriteBulk(into, "0"u8);
            WriteBulkId(into, new StreamId(0, 1));
            WriteBulk(into, "x"u8);
            WriteBulk(into, "y"u8);
        }
        WriteCount(into, '*', 7);
        WriteBulk(into, "XSETID"u8);
        WriteBulk(into, key);
        WriteBulkId(into, stream.LastId);
        WriteBulk(into, "ENTRIESADDED"u8);
        WriteBulkLong(into, stream.EntriesAdded);
        WriteBulk(into, "MAXDELETEDID"u8);
        WriteBulkId(into, stream.MaxDeletedId);
        foreach (var group in stream.Groups)
        {
            WriteCount(into, '*', 7);
            WriteBulk(into, "XGROUP"u8);
            WriteBulk(into, "CREATE"u8);
            WriteBulk(into, key);
            WriteBulk(into, group.Name);
            WriteBulkId(into, group.LastId);
            WriteBulk(into, "ENTRIESREAD"u8);
            WriteBulkLong(into, group.EntriesRead);
            foreach (var consumer in group.Consumers)
            {
                if (consumer.Pending.Count == 0)
                {
                    WriteCount(into, '*', 5);
                    WriteBulk(into, "XGROUP"u8);
                    WriteBulk(into, "CREATECONSUMER"u8);
                    WriteBulk(into, key);
                    WriteBulk(into, group.Name);
                    WriteBulk(into, consumer.Name);
                    continue;
                }
                foreach (var pending in consumer.Pending)
                {
                    WriteCount(into, '*', 12);
                    WriteBulk(into, "XCLAIM"u8);
                    WriteBulk(into, key);
                    WriteBulk(into, group.Name);
                    WriteBulk(into, consumer.Name);
                    WriteBulk(into, "0"u8);
                    WriteBulkId(into, pending.Id);
                    WriteBulk(into, "TIME"u8);
                    WriteBulkLong(into, pending.DeliveryTime);
                    WriteBulk(into, "RETRYCOUNT"u8);
                    WriteBulkLong(into, pending.DeliveryCount);
                    WriteBulk(into, "JUSTID"u8);
                    WriteBulk(into, "FORCE"u8);
                }
            }
        }
    }

    // ---- RESP --------------------------------------------------------------------------------------

    private static void WriteCount(IBufferWriter<byte> into, char prefix, long count)
    {
        var span = into.GetSpan(24);
        span[0] = (byte)prefix;
        int length = 1 + Protocol.Numbers.FormatLong(count, span[1..]);
        span[length++] = (byte)'\r';
        span[length++] = (byte)'\n';
        into.Advance(length);
    }

    private static void WriteBulk(IBufferWriter<byte> into, ReadOnlySpan<byte> value)
    {
        WriteCount(into, '$', value.Length);
        into.Write(value);
        into.Write("\r\n"u8);
    }

    private static void WriteBulkLong(IBufferWriter<byte> into, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        WriteBulk(into, digits[..Protocol.Numbers.FormatLong(value, digits)]);
    }

    private static void WriteBulkId(IBufferWriter<byte> into, StreamId id)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxFormattedLength];
        WriteBulk(into, text[..id.Format(text)]);
    }
}
