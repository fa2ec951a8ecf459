// MEMORY USAGE's estimate: the bytes a key and its value take on the .NET heap, from the
// structures' own sizes and the runtime's object layout. cf. objectComputeSize in object.c.

namespace EventLoopRedis.Storage;

/// <summary>
/// Estimates as Redis estimates: exact for what is one block (a string, a listpack, an intset,
/// a quicklist's nodes), sampled for what is one allocation per element (a hash table's entries,
/// a skip list's nodes): the first <c>samples</c> elements are measured and their average is
/// multiplied by the count. Sizes follow the 64-bit CoreCLR layout: an object has a 16-byte
/// header, an array 24 bytes before its data, and every allocation is rounded up to 8 bytes.
/// </summary>
internal static class MemoryUsage
{
    /// <summary>Redis's default number of sampled elements (OBJ_COMPUTE_SIZE_DEF_SAMPLES).</summary>
    public const long DefaultSamples = 5;

    private const int ObjectHeader = 16;
    private const int ArrayHeader = 24;
    private const int Reference = 8;

    /// <summary>A keyspace or hash-table entry, a struct in Dict's entry chunks: key and value references, 32-bit hash, next link.</summary>
    private const int DictEntryBytes = 3 * 8;

    /// <summary>A Dict bucket: the int link to its chain's first entry.</summary>
    private const int BucketBytes = 4;

    /// <summary>A RedisObject: header, value, integer, access time, length, and type, encoding and flag bytes.</summary>
    private const int RedisObjectBytes = ObjectHeader + 32;

    /// <summary>
    /// A skip list node: header, member, score, backward link, level 0 (forward and span) and the
    /// reference to its upper levels, which one node in four has (1.33 of them on average at p = 1/4).
    /// </summary>
    private const int SkipListNodeBytes = ObjectHeader + 6 * 8 + (ArrayHeader + 16 * 4 / 3) / 4;

    /// <summary>A quicklist node: header, previous and next links, listpack reference, plus the Listpack object.</summary>
    private const int QuicklistNodeBytes = ObjectHeader + 3 * Reference + ObjectHeader + 3 * 8;

    /// <summary>A RedisHash: header and its store reference.</summary>
    private const int RedisHashBytes = ObjectHeader + Reference;

    /// <summary>A Listpack: header, array reference, byte and entry counts.</summary>
    private const int ListpackObjectBytes = ObjectHeader + Reference + 2 * 4;

    /// <summary>Bytes of a byte[] of <paramref name="length"/> bytes.</summary>
    public static long ArrayBytes(long length) => Align(ArrayHeader + length);

    /// <summary>The key's array, its keyspace entry, the value object and the value's data (cf. MEMORY USAGE).</summary>
    public static long OfKey(ReadOnlySpan<byte> key, RedisObject value, long samples) =>
        ArrayBytes(key.Length) + DictEntryBytes + RedisObjectBytes + OfValue(value, samples);

    /// <summary>The data behind a value, past its RedisObject.</summary>
    public static long OfValue(RedisObject value, long samples)
    {
        switch (value.Value)
        {
            case null:
                return value.InlineCapacity; // an int string's number, or an embstr's bytes, are in the RedisObject itself
            case byte[] buffer:
                return value.InlineCapacity + ArrayBytes(buffer.Length);
            case RedisHash { CompactEntries: { } entries }:
                // Exact, as for a string: the hash, its listpack and the listpack's array with its spare room.
                return RedisHashBytes + ListpackObjectBytes + ArrayBytes(entries.Capacity);
            case Quicklist list:
                long total = ObjectHeader + 4 * 8;
                foreach (var (_, _, capacity) in list.NodeShapes()) total += QuicklistNodeBytes + ArrayBytes(capacity);
                return total;
            case IScannableCollection collection:
                return OfCollection(collection, value.Type, samples);
            default:
                return ObjectHeader;
        }
    }

    /// <summary>
    /// A hash, set or sorted set: its elements are sampled through its SCAN, which hands out a
    /// compact encoding whole and a hash table about <paramref name="samples"/> at a time.
    /// </summary>
    private static long OfCollection(IScannableCollection collection, RedisType type, long samples)
    {
        var elements = new List<byte[]>();
        // Elements come as members, or as field/value or member/score pairs.
        int stride = type == RedisType.Set ? 1 : 2;
        long wanted = Math.Min(samples, collection.Count);
        ulong cursor = 0;
        do cursor = collection.Scan(cursor, wanted, elements);
        while (cursor != 0 && elements.Count / stride < wanted);
        long sampled = Math.Min(elements.Count / stride, wanted);
        if (sampled == 0) return ObjectHeader;

        long sampledBytes = 0;
        switch (collection.Encoding)
        {
            case ObjectEncoding.Listpack:
                // One buffer: each entry's data with its header and back-length, after a 7-byte header.
                for (int i = 0; i < sampled * stride; i++) sampledBytes += ListpackEntryBytes(elements[i].Length);
                return ObjectHeader + ArrayBytes(7 + sampledBytes * collection.Count / sampled);
            case ObjectEncoding.Intset:
                int width = 2;
                for (int i = 0; i < sampled; i++) width = Math.Max(width, IntsetWidth(elements[i]));
                return ObjectHeader + ArrayBytes(8 + (long)width * collection.Count);
            case ObjectEncoding.Skiplist:
                // A node and a hash-table entry per member, both pointing at the member's one array.
                for (int i = 0; i < sampled * stride; i += stride) sampledBytes += ArrayBytes(elements[i].Length) + SkipListNodeBytes + DictEntryBytes;
                return 2 * ObjectHeader + BucketArrayBytes(collection.Count) + sampledBytes * collection.Count / sampled;
            default: // Hashtable: an entry per element, its key array and, in a hash, its value array.
                for (int i = 0; i < sampled * stride; i++) sampledBytes += ArrayBytes(elements[i].Length);
                sampledBytes += sampled * DictEntryBytes;
                return ObjectHeader + BucketArrayBytes(collection.Count) + sampledBytes * collection.Count / sampled;
        }
    }

    /// <summary>
    /// A keyspace table's own bytes: its bucket arrays and entries, and for the main table the
    /// RedisObject of each value, as Redis counts dictEntry, bucket and robj sizes.
    /// </summary>
    public static long KeyspaceOverhead(long count, long buckets, long entrySlots, bool withObjects) =>
        BucketBytes * buckets + DictEntryBytes * entrySlots + (withObjects ? count * RedisObjectBytes : 0);

    /// <summary>A listpack entry: 1 to 5 header bytes by length, the data, 1 or 2 back-length bytes.</summary>
    private static long ListpackEntryBytes(int length)
    {
        int header = length < 64 ? 1 : length < 4096 ? 2 : 5;
        int total = header + length;
        return total + (total < 128 ? 1 : total < 16384 ? 2 : 3);
    }

    private static int IntsetWidth(byte[] member)
    {
        if (!long.TryParse((ReadOnlySpan<byte>)member, out long value)) return 8;
        return value is >= short.MinValue and <= short.MaxValue ? 2 : value is >= int.MinValue and <= int.MaxValue ? 4 : 8;
    }

    /// <summary>A hash table's bucket array: a power of two at least the count (Dict grows at load factor 1).</summary>
    private static long BucketArrayBytes(long count) =>
        ArrayBytes(BucketBytes * (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(4, count)));

    private static long Align(long bytes) => (bytes + 7) & ~7L;
}
