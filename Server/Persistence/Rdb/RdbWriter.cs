// Writes RDB files (version 10) and DUMP values byte for byte as Redis 7.0 writes them.
// cf. rdbSaveRio, rdbSaveInfoAuxFields, rdbSaveFunctions, rdbSaveDb, rdbSaveKeyValuePair,
// rdbSaveObject, rdbSaveRawString, rdbTryIntegerEncoding, rdbSaveLzfStringObject and rdbSaveLen in rdb.c.

using System.Buffers;
using System.Buffers.Binary;
using EventLoopRedis.Scripting;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// An RDB file is written in this order: <see cref="WriteHeader"/> (magic and aux fields),
/// <see cref="WriteFunctions"/>, then for each non-empty database <see cref="BeginDatabase"/> and
/// its keys (<see cref="WriteKey"/>, or bytes made earlier by <see cref="SerializeEntry"/> and
/// spliced in with <see cref="WriteRaw"/>), and <see cref="WriteEnd"/>. Bytes go through a buffer
/// to the stream; the CRC64 runs over everything written, so spliced bytes count too. An output
/// that is an <see cref="IChecksummingOutput"/> (a background save's file) computes the CRC64
/// itself, on its own thread, so the loop never spends time on it.
/// <para>
/// The static half serialises one value into any <see cref="IBufferWriter{T}"/>: what DUMP sends
/// and what a snapshot may prepare before the value changes.
/// </para>
/// </summary>
internal sealed class RdbWriter
{
    // The buffer is handed to the stream once it holds this much: large writes, few syscalls.
    private const int FlushThreshold = 1 << 20;

    /// <summary>Strings longer than this are tried with LZF when compression is on (cf. rdbSaveRawString).</summary>
    private const int CompressMinLength = 20;

    private readonly Stream _output;
    private readonly bool _checksum;
    private readonly bool _compress;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold + 64 * 1024);
    private readonly bool _outputChecksums;
    private ulong _crc;

    /// <param name="output">Where the file goes; the writer does not close it.</param>
    /// <param name="checksum">rdbchecksum: end with the CRC64 of the file, or with 8 zero bytes.</param>
    /// <param name="compress">rdbcompression: LZF-compress strings longer than 20 bytes when that saves space.</param>
    public RdbWriter(Stream output, bool checksum, bool compress)
    {
        _output = output;
        _checksum = checksum;
        _compress = compress;
        if (checksum && output is IChecksummingOutput checksummed)
        {
            checksummed.ChecksumAndAppendCrc64();
            _outputChecksums = true;
        }
    }

    /// <summary>Bytes written so far, buffered or not.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// "REDIS0010" and the aux fields Redis 7.0 writes (redis-ver, redis-bits, ctime, used-mem,
    /// aof-base); the repl-* fields are Redis's only when replication exists, which it does not here.
    /// </summary>
    public void WriteHeader(RedisServer server, bool aofBase)
    {
        _buffer.Write(RdbFormat.Magic);
        WriteAux("redis-ver"u8, System.Text.Encoding.ASCII.GetBytes(RedisServer.Version));
        WriteAuxInteger("redis-bits"u8, IntPtr.Size * 8);
        WriteAuxInteger("ctime"u8, Clock.UnixMs / 1000);
        WriteAuxInteger("used-mem"u8, server.Stats.SampleMemory());
        WriteAuxInteger("aof-base"u8, aofBase ? 1 : 0);
        Written();
    }

    /// <summary>An aux field: opcode, then the name and the value as RDB strings (cf. rdbSaveAuxField).</summary>
    public void WriteAux(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        WriteByte(_buffer, RdbFormat.OpcodeAux);
        WriteString(_buffer, name, _compress);
        WriteString(_buffer, value, _compress);
        Written();
    }

    private void WriteAuxInteger(ReadOnlySpan<byte> name, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        WriteAux(name, digits[..Protocol.Numbers.FormatLong(value, digits)]);
    }

    /// <summary>Each library's code after RDB_OPCODE_FUNCTION2 (cf. rdbSaveFunctions).</summary>
    public void WriteFunctions(IEnumerable<FunctionLibrary> libraries)
    {
        foreach (var library in libraries)
        {
            WriteFunction(_buffer, library.Code, _compress);
            Written();
        }
    }

    /// <summary>SELECTDB and RESIZEDB (key and expiry counts), before a database's keys (cf. rdbSaveDb).</summary>
    public void BeginDatabase(int db, long keys, long expires)
    {
        WriteByte(_buffer, RdbFormat.OpcodeSelectDb);
        WriteLength(_buffer, db);
        WriteByte(_buffer, RdbFormat.OpcodeResizeDb);
        WriteLength(_buffer, keys);
        WriteLength(_buffer, expires);
        Written();
    }

    /// <summary>One key: EXPIRETIME_MS when <paramref name="expireAtMs"/> &gt;= 0, then type, key and value.</summary>
    public void WriteKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs)
    {
        SerializeEntry(_buffer, key, value, expireAtMs, _compress);
        Written();
    }

    /// <summary>Appends bytes made by <see cref="SerializeEntry"/> (or any RDB records); the checksum covers them.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= FlushThreshold)
        {
            FlushBuffer();
            Emit(bytes);
            return;
        }
        _buffer.Write(bytes);
        Written();
    }

    /// <summary>
    /// The EOF opcode and the checksum of everything before it (8 zero bytes when checksums are off;
    /// appended by the output itself when it checksums); flushes the stream.
    /// </summary>
    public void WriteEnd()
    {
        WriteByte(_buffer, RdbFormat.OpcodeEof);
        FlushBuffer();
        if (_outputChecksums)
        {
            _output.Flush();
            return;
        }
        Span<byte> crc = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(crc, _checksum ? _crc : 0);
        _output.Write(crc);
        BytesWritten += 8;
        _output.Flush();
    }

    private void Written()
    {
        if (_buffer.WrittenCount >= FlushThreshold) FlushBuffer();
    }

    private void FlushBuffer()
    {
        if (_buffer.WrittenCount == 0) return;
        Emit(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        if (_checksum && !_outputChecksums) _crc = Crc64.Update(_crc, bytes);
        _output.Write(bytes);
        BytesWritten += bytes.Length;
    }

    // ---- one key, one value: the static half ------------------------------------------------

    /// <summary>
    /// Exactly the bytes <see cref="WriteKey"/> writes for this key: EXPIRETIME_MS and the time
    /// when <paramref name="expireAtMs"/> &gt;= 0, the type, the key, the value (cf. rdbSaveKeyValuePair).
    /// The value is read during the call only.
    /// </summary>
    public static void SerializeEntry(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, bool compress)
    {
        if (expireAtMs >= 0)
        {
            WriteByte(into, RdbFormat.OpcodeExpireTimeMs);
            WriteMilliseconds(into, expireAtMs);
        }
        WriteByte(into, TypeOf(value));
        WriteString(into, key, compress);
        WriteObject(into, value, compress);
    }

    /// <summary>The type byte and the value: the start of a DUMP payload (cf. createDumpPayload).</summary>
    public static void SerializeValue(IBufferWriter<byte> into, RedisObject value, bool compress)
    {
        WriteByte(into, TypeOf(value));
        WriteObject(into, value, compress);
    }

    /// <summary>RDB_OPCODE_FUNCTION2 and a library's code (FUNCTION DUMP writes the same records).</summary>
    public static void WriteFunction(IBufferWriter<byte> into, ReadOnlySpan<byte> code, bool compress)
    {
        WriteByte(into, RdbFormat.OpcodeFunction2);
        WriteString(into, code, compress);
    }

    /// <summary>The type byte Redis 7.0 writes for the value's type and encoding (cf. rdbSaveObjectType).</summary>
    public static byte TypeOf(RedisObject value) => value.Type switch
    {
        RedisType.String => RdbFormat.TypeString,
        RedisType.List => RdbFormat.TypeListQuicklist2,
        RedisType.Set => value.Encoding == ObjectEncoding.Intset ? RdbFormat.TypeSetIntset : RdbFormat.TypeSet,
        RedisType.ZSet => value.Encoding == ObjectEncoding.Listpack ? RdbFormat.TypeZsetListpack : RdbFormat.TypeZset2,
        RedisType.Hash => value.Encoding == ObjectEncoding.Listpack ? RdbFormat.TypeHashListpack : RdbFormat.TypeHash,
        _ => RdbFormat.TypeStreamListpacks2,
    };

    /// <summary>The value after its type byte (cf. rdbSaveObject).</summary>
    private static void WriteObject(IBufferWriter<byte> into, RedisObject value, bool compress)
    {
        switch (value.Type)
        {
            case RedisType.String:
                if (value.Encoding == ObjectEncoding.Int) WriteLongAsString(into, value.Integer);
                else
                {
                    Span<byte> digits = stackalloc byte[20];
                    WriteString(into, value.StringSpan(digits), compress);
                }
                break;
            case RedisType.List:
                WriteList(into, value.As<Quicklist>(), compress);
                break;
            case RedisType.Set:
                WriteSet(into, value.As<RedisSet>(), compress);
                break;
            case RedisType.ZSet:
                WriteZset(into, value.As<SortedSet>(), compress);
                break;
            case RedisType.Hash:
                WriteHash(into, value.As<RedisHash>(), compress);
                break;
            default:
                WriteStream(into, value.As<RedisStream>(), compress);
                break;
        }
    }

    /// <summary>QUICKLIST_2: the node count, then each node as a packed container and its listpack blob.</summary>
    private static void WriteList(IBufferWriter<byte> into, Quicklist list, bool compress)
    {
        WriteLength(into, list.NodeCount);
        foreach (var node in list.NodeListpacks())
        {
            WriteLength(into, RdbFormat.ContainerPacked);
            WriteListpack(into, node, compress);
        }
    }

    /// <summary>An intset blob (encoding, length, little-endian members), or the member count and each member.</summary>
    private static void WriteSet(IBufferWriter<byte> into, RedisSet set, bool compress)
    {
        if (set.IntsetOrNull is { } intset)
        {
            WriteBlob(into, IntsetBlob.Size(intset), intset, static (source, span) => IntsetBlob.Write(source, span), compress);
            return;
        }
        WriteLength(into, set.Count);
        Span<byte> digits = stackalloc byte[20];
        foreach (var member in set) WriteString(into, member.Span(digits), compress);
    }

    /// <summary>A listpack of member, score, member, score... in order, or ZSET_2: the count and each member with its binary score, highest first.</summary>
    private static void WriteZset(IBufferWriter<byte> into, SortedSet zset, bool compress)
    {
        if (zset.Encoding == ObjectEncoding.Listpack)
        {
            var listpack = new Listpack();
            Span<byte> score = stackalloc byte[Doubles.MaxFormattedLength];
            var cursor = zset.IterateFrom(0, reverse: false);
            while (cursor.MoveNext())
            {
                listpack.Append(new Listpack.Element(cursor.Member));
                listpack.Append(new Listpack.Element(FormatScore(cursor.Score, score)));
            }
            WriteListpack(into, listpack, compress);
            return;
        }
        WriteLength(into, zset.Count);
        var reverse = zset.IterateFrom(zset.Count - 1, reverse: true);
        while (reverse.MoveNext())
        {
            WriteString(into, reverse.Member, compress);
            BinaryPrimitives.WriteDoubleLittleEndian(into.GetSpan(8), reverse.Score);
            into.Advance(8);
        }
    }

    /// <summary>A score as zzlInsertAt stores it: an integer when it is one (double2ll), else "%.17g".</summary>
    private static ReadOnlySpan<byte> FormatScore(double score, Span<byte> buffer) =>
        Doubles.TryGetLong(score, out long integer)
            ? buffer[..Protocol.Numbers.FormatLong(integer, buffer)]
            : buffer[..Doubles.Format(score, buffer)];

    /// <summary>A listpack of field, value, field, value..., or the field count and each field and value.</summary>
    private static void WriteHash(IBufferWriter<byte> into, RedisHash hash, bool compress)
    {
        if (hash.CompactEntries is { } listpack)
        {
            WriteListpack(into, listpack, compress);
            return;
        }
        WriteLength(into, hash.Count);
        Span<byte> digits = stackalloc byte[RedisHash.PairDigitsLength];
        foreach (var pair in hash.Pairs(digits))
        {
            WriteString(into, pair.Field, compress);
            WriteString(into, pair.Value, compress);
        }
    }

    /// <summary>
    /// STREAM_LISTPACKS_2: each node as its 128-bit master ID and a listpack in Redis's stream
    /// layout, the counters, then the consumer groups with their PELs and consumers.
    /// </summary>
    private static void WriteStream(IBufferWriter<byte> into, RedisStream stream, bool compress)
    {
        WriteLength(into, stream.NodeCount);
        Span<byte> id = stackalloc byte[16];
        for (int i = 0; i < stream.NodeCount; i++)
        {
            var node = stream.NodeAt(i);
            WriteStreamId(id, node.MasterId);
            WriteString(into, id, compress);
            WriteListpack(into, StreamListpack.Build(node), compress);
        }
        WriteLength(into, stream.Length);
        WriteLength(into, (long)stream.LastId.Ms);
        WriteLength(into, (long)stream.LastId.Seq);
        WriteLength(into, (long)stream.FirstId.Ms);
        WriteLength(into, (long)stream.FirstId.Seq);
        WriteLength(into, (long)stream.MaxDeletedId.Ms);
        WriteLength(into, (long)stream.MaxDeletedId.Seq);
        WriteLength(into, stream.EntriesAdded);
        WriteLength(into, stream.Groups.Count);
        foreach (var group in stream.Groups)
        {
            WriteString(into, group.Name, compress);
            WriteLength(into, (long)group.LastId.Ms);
            WriteLength(into, (long)group.LastId.Seq);
            WriteLength(into, group.EntriesRead);
            WriteLength(into, group.Pending.Count);
            foreach (var entry in group.Pending)
            {
                WriteStreamId(into.GetSpan(16), entry.Id);
                into.Advance(16);
                WriteMilliseconds(into, entry.DeliveryTime);
                WriteLength(into, entry.DeliveryCount);
            }
            WriteLength(into, group.Consumers.Count);
            foreach (var consumer in group.Consumers)
            {
                WriteString(into, consumer.Name, compress);
                WriteMilliseconds(into, consumer.SeenTime);
                WriteLength(into, consumer.Pending.Count);
                foreach (var entry in consumer.Pending)
                {
                    WriteStreamId(into.GetSpan(16), entry.Id);
                    into.Advance(16);
                }
            }
        }
    }

    /// <summary>A stream ID as a radix tree key: milliseconds then sequence, both big-endian.</summary>
    public static void WriteStreamId(Span<byte> into, StreamId id)
    {
        BinaryPrimitives.WriteUInt64BigEndian(into, id.Ms);
        BinaryPrimitives.WriteUInt64BigEndian(into[8..], id.Seq);
    }

    private static void WriteListpack(IBufferWriter<byte> into, Listpack listpack, bool compress) =>
        WriteBlob(into, ListpackBlob.Size(listpack), listpack, static (source, span) => ListpackBlob.Write(source, span), compress);

    /// <summary>A blob built into a pooled buffer, then written as an RDB string (which may compress it).</summary>
    private static void WriteBlob<T>(IBufferWriter<byte> into, int size, T source, Action<T, Span<byte>> build, bool compress)
    {
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            build(source, rented.AsSpan(0, size));
            WriteString(into, rented.AsSpan(0, size), compress);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // ---- the primitives --------------------------------------------------------------------

    public static void WriteByte(IBufferWriter<byte> into, byte value)
    {
        into.GetSpan(1)[0] = value;
        into.Advance(1);
    }

    /// <summary>A length: 6 bits, 14 bits, or a 32- or 64-bit big-endian number after a marker byte (cf. rdbSaveLen).</summary>
    public static void WriteLength(IBufferWriter<byte> into, long length)
    {
        var span = into.GetSpan(9);
        ulong value = (ulong)length;
        if (value < 1 << 6)
        {
            span[0] = (byte)value;
            into.Advance(1);
        }
        else if (value < 1 << 14)
        {
            span[0] = (byte)(0x40 | (value >> 8));
            span[1] = (byte)value;
            into.Advance(2);
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = 0x80;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            into.Advance(5);
        }
        else
        {
            span[0] = 0x81;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            into.Advance(9);
        }
    }

    /// <summary>A Unix time in milliseconds: 8 bytes little-endian (cf. rdbSaveMillisecondTime).</summary>
    public static void WriteMilliseconds(IBufferWriter<byte> into, long ms)
    {
        BinaryPrimitives.WriteInt64LittleEndian(into.GetSpan(8), ms);
        into.Advance(8);
    }

    /// <summary>
    /// A string as rdbSaveRawString writes it: up to 11 bytes that are a canonical integer fitting
    /// 32 bits become 2 to 5 bytes; longer than 20 bytes and compressing to at most length-4
    /// bytes, LZF (when <paramref name="compress"/>); otherwise the length and the bytes.
    /// </summary>
    public static void WriteString(IBufferWriter<byte> into, ReadOnlySpan<byte> value, bool compress)
    {
        if (value.Length <= 11 && Protocol.Numbers.TryParseLong(value, out long integer) && TryWriteEncodedInteger(into, integer))
            return;
        if (compress && value.Length > CompressMinLength && TryWriteLzf(into, value)) return;
        WriteLength(into, value.Length);
        into.Write(value);
    }

    /// <summary>An int-encoded string's number: encoded when it fits 32 bits, else as its digits (cf. rdbSaveLongLongAsStringObject).</summary>
    private static void WriteLongAsString(IBufferWriter<byte> into, long value)
    {
        if (TryWriteEncodedInteger(into, value)) return;
        Span<byte> digits = stackalloc byte[20];
        int length = Protocol.Numbers.FormatLong(value, digits);
        WriteLength(into, length);
        into.Write(digits[..length]);
    }

    /// <summary>0xC0 + 1 byte, 0xC1 + 2 or 0xC2 + 4 little-endian bytes; false beyond 32 bits (cf. rdbEncodeInteger).</summary>
    private static bool TryWriteEncodedInteger(IBufferWriter<byte> into, long value)
    {
        var span = into.GetSpan(5);
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            span[0] = 0xC0 | RdbFormat.EncodingInt8;
            span[1] = (byte)value;
            into.Advance(2);
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            span[0] = 0xC0 | RdbFormat.EncodingInt16;
            BinaryPrimitives.WriteInt16LittleEndian(span[1..], (short)value);
            into.Advance(3);
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            span[0] = 0xC0 | RdbFormat.EncodingInt32;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], (int)value);
            into.Advance(5);
        }
        else return false;
        return true;
    }

    /// <summary>cf. rdbSaveLzfStringObject: written only when LZF makes it at least 4 bytes shorter.</summary>
    private static bool TryWriteLzf(IBufferWriter<byte> into, ReadOnlySpan<byte> value)
    {
        int limit = value.Length - 4;
        var rented = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            int size = Lzf.Compress(value, rented.AsSpan(0, limit));
            if (size == 0) return false;
            WriteByte(into, RdbFormat.LzfTag);
            WriteLength(into, size);
            WriteLength(into, value.Length);
            into.Write(rented.AsSpan(0, size));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>
/// An output that checksums the bytes it is given where it writes them (off the loop, for a
/// background save) and appends the CRC64 after the last one, as <see cref="RdbWriter.WriteEnd"/> would.
/// </summary>
internal interface IChecksummingOutput
{
    /// <summary>Called before the first byte: checksum everything from now on and end the file with the CRC64, little-endian.</summary>
    void ChecksumAndAppendCrc64();
}
