// The hash table behind every keyspace: binary-safe byte-string keys, chained buckets, incremental rehashing.
// cf. src/dict.c (table, rehashing, dictScan, dictGetRandomKey), htNeedsResize() in src/server.c (shrinking)
// and src/siphash.c (the seeded key hash).

using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace EventLoopRedis.Storage;

/// <summary>
/// A hash table from byte-string keys to <typeparamref name="TValue"/>. Growing or shrinking never
/// stops the world: like Redis, the dict keeps the old and the new bucket arrays side by side and
/// moves one bucket per operation (plus whatever the server cron moves with
/// <see cref="RehashMilliseconds"/>), so no single command pays for a full rehash of millions of keys.
/// </summary>
internal sealed class Dict<TValue>
{
    // DICT_HT_INITIAL_SIZE: the smallest bucket array, and the floor when shrinking.
    private const int InitialSize = 4;

    // HASHTABLE_MIN_FILL: below 10% full, the bucket array costs more memory than it saves time.
    private const int MinFillPercent = 10;

    // A rehash step looks at up to this many empty buckets before giving up, so that one step
    // stays cheap even in a table that deletions have left mostly empty.
    private const int EmptyVisitsPerStep = 10;

    private sealed class Entry(byte[] key, ulong hash, TValue value)
    {
        public readonly byte[] Key = key;
        public readonly ulong Hash = hash;
        public TValue Value = value;
        public Entry? Next;
    }

    // Redis's ht[0]. Outside a rehash it is the only table.
    private Entry?[] _table = [];
    private int _tableCount;

    // Redis's ht[1]: the table being filled while rehashing, null otherwise. Buckets of _table
    // below _rehashIndex have already been moved here and are empty.
    private Entry?[]? _newTable;
    private int _newTableCount;
    private int _rehashIndex;

    // While positive, lookups do not move buckets, so that a scan or an enumeration in progress
    // sees a stable layout (Redis's pauserehash).
    private int _pauseRehash;

    // Bumped on every insertion and removal so that enumerators can detect misuse.
    private int _version;

    // While positive, ShrinkIfNeeded does nothing: a snapshot walking the table with Scan relies on
    // it never shrinking (as Redis allows no resize while a child process saves).
    private int _pauseShrink;

    public int Count => _tableCount + _newTableCount;

    /// <summary>Buckets in both tables: what INFO and tests can observe of the layout.</summary>
    public long BucketCount => _table.Length + (_newTable?.Length ?? 0);

    public bool IsRehashing => _newTable is not null;

    /// <summary>
    /// The shape of one of the two tables (0: the main one, 1: the rehash target) for DEBUG HTSTATS,
    /// or null when it holds nothing: its size and entries, its non-empty buckets, its longest and
    /// total chain length, and how many buckets hold a chain of each length below
    /// <paramref name="lengths"/> (cf. _dictGetStatsHt).
    /// </summary>
    public (int Size, int Used, int Slots, int MaxChain, long TotalChain, long[] ChainLengths)? TableStats(int which, int lengths)
    {
        var table = which == 0 ? _table : _newTable;
        int used = which == 0 ? _tableCount : _newTableCount;
        if (table is null || used == 0) return null;
        var chainLengths = new long[lengths];
        int slots = 0, maxChain = 0;
        long totalChain = 0;
        foreach (var head in table)
        {
            int length = 0;
            for (var entry = head; entry is not null; entry = entry.Next) length++;
            chainLengths[Math.Min(length, lengths - 1)]++;
            if (length == 0) continue;
            slots++;
            maxChain = Math.Max(maxChain, length);
            totalChain += length;
        }
        return (table.Length, used, slots, maxChain, totalChain, chainLengths);
    }

    public bool TryGetValue(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out TValue value)
    {
        Entry? entry = Find(key);
        value = entry is null ? default : entry.Value;
        return entry is not null;
    }

    /// <summary>Also returns the key array the dict owns, so another table (say, expiry times) can share it.</summary>
    public bool TryGetEntry(
        ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] storedKey, [MaybeNullWhen(false)] out TValue value)
    {
        Entry? entry = Find(key);
        storedKey = entry?.Key;
        value = entry is null ? default : entry.Value;
        return entry is not null;
    }

    /// <summary>
    /// A reference to the value stored under <paramref name="key"/> for updating it in place, or a
    /// null reference (test it with <c>Unsafe.IsNullRef</c>) when absent.
    /// The reference is valid until the next insertion or removal.
    /// </summary>
    public ref TValue GetValueRefOrNullRef(ReadOnlySpan<byte> key)
    {
        Entry? entry = Find(key);
        if (entry is null)
            return ref Unsafe.NullRef<TValue>();
        return ref entry.Value;
    }

    /// <summary>
    /// Adds the entry unless the key is present. The dict takes ownership of <paramref name="key"/>:
    /// do not mutate it afterwards.
    /// </summary>
    public bool TryAdd(byte[] key, TValue value)
    {
        ulong hash = PrepareInsert(key);
        if (FindIn(_table, key, hash) is not null || FindIn(_newTable, key, hash) is not null)
            return false;
        Insert(new Entry(key, hash, value));
        return true;
    }

    /// <summary>Adds the entry, or replaces the value of the present one while keeping its stored key.</summary>
    public void Set(byte[] key, TValue value)
    {
        ulong hash = PrepareInsert(key);
        Entry? existing = FindIn(_table, key, hash) ?? FindIn(_newTable, key, hash);
        if (existing is null)
            Insert(new Entry(key, hash, value));
        else
            existing.Value = value;
    }

    public bool Remove(ReadOnlySpan<byte> key) => Remove(key, out _, out _);

    public bool Remove(
        ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] storedKey, [MaybeNullWhen(false)] out TValue value)
    {
        Entry? removed = Count == 0 ? null : Unlink(key);
        storedKey = removed?.Key;
        value = removed is null ? default : removed.Value;
        return removed is not null;
    }

    public void Clear()
    {
        _table = [];
        _tableCount = 0;
        _newTable = null;
        _newTableCount = 0;
        _rehashIndex = 0;
        _version++;
    }

    /// <summary>
    /// Moves buckets for about <paramref name="ms"/> milliseconds, in batches of 100 steps, and returns
    /// how many steps it did (0 when not rehashing or paused), like dictRehashMilliseconds.
    /// Whether work remains afterwards is <see cref="IsRehashing"/>.
    /// </summary>
    public int RehashMilliseconds(int ms)
    {
        if (_pauseRehash > 0)
            return 0;

        long start = Stopwatch.GetTimestamp();
        int steps = 0;
        while (Rehash(100))
        {
            steps += 100;
            if (Stopwatch.GetElapsedTime(start).TotalMilliseconds > ms)
                break;
        }

        return steps;
    }

    /// <summary>
    /// Starts shrinking to the smallest power of two that holds every entry when the table is less
    /// than 10% full, as the server cron does with tryResizeHashTables. Returns whether it started.
    /// </summary>
    public bool ShrinkIfNeeded()
    {
        // Deletions never shrink the table themselves, so that a burst of DELs stays cheap.
        if (_pauseShrink > 0 || IsRehashing || _table.Length <= InitialSize || Count * 100L / _table.Length >= MinFillPercent)
            return false;
        return StartRehash(Math.Max(Count, InitialSize));
    }

    /// <summary>
    /// Visits the entries of one bucket (while rehashing: of one bucket of the smaller table and every
    /// bucket of the larger table that splits from it) and returns the cursor to pass next, 0 once done.
    /// Start with cursor 0. Every entry present for the whole scan is visited at least once, even if the
    /// table is resized between calls; an entry may be visited more than once.
    /// <paramref name="visit"/> must not add or remove entries; lookups are fine, as rehashing is
    /// paused during the call.
    /// </summary>
    public ulong Scan(ulong cursor, Action<byte[], TValue> visit)
    {
        if (Count == 0)
            return 0;

        _pauseRehash++;
        try
        {
            return _newTable is null ? ScanOneTable(cursor, visit) : ScanBothTables(cursor, _newTable, visit);
        }
        finally
        {
            _pauseRehash--;
        }
    }

    /// <summary>Stops <see cref="ShrinkIfNeeded"/> until <see cref="ResumeShrinking"/> (calls nest).</summary>
    public void PauseShrinking() => _pauseShrink++;

    public void ResumeShrinking() => _pauseShrink--;

    /// <summary>
    /// Whether a scan that returned <paramref name="cursor"/> (not 0) has already visited the bucket where
    /// <paramref name="key"/> lives or would live. Valid while the table only grows (see
    /// <see cref="PauseShrinking"/>): a cursor counts buckets in reversed-bit order, and every bucket of a
    /// doubled table sorts next to the bucket it split from, so the answer stays the same as the table grows.
    /// </summary>
    public bool ScanHasVisited(ReadOnlySpan<byte> key, ulong cursor)
    {
        if (BucketCount == 0)
            return false;
        int largest = Math.Max(_table.Length, _newTable?.Length ?? 0);
        ulong bucket = KeyHasher.Hash(key) & ((ulong)largest - 1);
        return ReverseBits(bucket) < ReverseBits(cursor);
    }

    /// <summary>
    /// A random entry, false when the dict is empty. As in dictGetRandomKey, a random non-empty bucket is
    /// picked first, then a random entry of its chain: entries in short chains come up a little more often.
    /// </summary>
    public bool TryGetRandom([MaybeNullWhen(false)] out byte[] key, [MaybeNullWhen(false)] out TValue value)
    {
        Entry? entry = null;
        if (Count > 0)
        {
            RehashStepIfAllowed();
            entry = RandomChainElement(RandomNonEmptyBucket());
        }

        key = entry?.Key;
        value = entry is null ? default : entry.Value;
        return entry is not null;
    }

    /// <summary>
    /// Walks every entry once. Rehashing is paused until the enumerator is disposed (as Redis's safe
    /// iterators do), so lookups inside a foreach are fine; adding or removing entries is not, and makes
    /// the next MoveNext throw. Dispose the enumerator (foreach does) or rehashing stays paused.
    /// </summary>
    public Enumerator GetEnumerator() => new(this);

    public struct Enumerator : IDisposable
    {
        private readonly Dict<TValue> _dict;
        private readonly int _version;
        private long _nextBucket;
        private Entry? _current;
        private bool _pausing;

        internal Enumerator(Dict<TValue> dict)
        {
            _dict = dict;
            _version = dict._version;
            _dict._pauseRehash++;
            _pausing = true;
        }

        public readonly KeyValuePair<byte[], TValue> Current => new(_current!.Key, _current.Value);

        public bool MoveNext()
        {
            if (_dict._version != _version)
                throw new InvalidOperationException("The dict was modified during enumeration.");

            _current = _current?.Next;
            while (_current is null && _nextBucket < _dict.BucketCount)
                _current = _dict.BucketAt(_nextBucket++);
            return _current is not null;
        }

        public void Dispose()
        {
            if (!_pausing)
                return;
            _dict._pauseRehash--;
            _pausing = false;
        }
    }

    private Entry? Find(ReadOnlySpan<byte> key)
    {
        // Also keeps FindIn from indexing a bucket array of length 0.
        if (Count == 0)
            return null;

        RehashStepIfAllowed();
        ulong hash = KeyHasher.Hash(key);
        return FindIn(_table, key, hash) ?? FindIn(_newTable, key, hash);
    }

    private static Entry? FindIn(Entry?[]? table, ReadOnlySpan<byte> key, ulong hash)
    {
        if (table is null)
            return null;

        for (Entry? entry = table[BucketOf(hash, table)]; entry is not null; entry = entry.Next)
        {
            // Comparing the stored hash first skips the byte comparison for almost every other key in the chain.
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
                return entry;
        }

        return null;
    }

    private ulong PrepareInsert(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        RehashStepIfAllowed();
        ExpandIfNeeded();
        return KeyHasher.Hash(key);
    }

    private void Insert(Entry entry)
    {
        // While rehashing, new entries go to the new table so that the old one only ever drains.
        // At the head of the chain, because recently added keys are the likeliest to be read soon.
        if (_newTable is null)
        {
            PushFront(_table, entry);
            _tableCount++;
        }
        else
        {
            PushFront(_newTable, entry);
            _newTableCount++;
        }

        _version++;
    }

    private Entry? Unlink(ReadOnlySpan<byte> key)
    {
        RehashStepIfAllowed();
        ulong hash = KeyHasher.Hash(key);

        Entry? removed = UnlinkFrom(_table, key, hash);
        if (removed is not null)
            _tableCount--;
        else if ((removed = UnlinkFrom(_newTable, key, hash)) is not null)
            _newTableCount--;

        if (removed is not null)
            _version++;
        return removed;
    }

    private static Entry? UnlinkFrom(Entry?[]? table, ReadOnlySpan<byte> key, ulong hash)
    {
        if (table is null)
            return null;

        // link is the slot pointing at the candidate (the bucket itself, then each Next field), so
        // unlinking is one assignment whether or not the entry heads its chain.
        ref Entry? link = ref table[BucketOf(hash, table)];
        while (link is Entry entry)
        {
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                link = entry.Next;
                return entry;
            }

            link = ref entry.Next;
        }

        return null;
    }

    private void ExpandIfNeeded()
    {
        if (IsRehashing)
            return;

        // The first table needs no rehash: there is nothing to move into it.
        if (_table.Length == 0)
            _table = new Entry?[InitialSize];
        else if (_tableCount >= _table.Length)
            StartRehash(_tableCount + 1);
    }

    private bool StartRehash(int minimumSize)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)minimumSize);
        if (size == _table.Length)
            return false;

        _newTable = new Entry?[size];
        _rehashIndex = 0;
        return true;
    }

    private void RehashStepIfAllowed()
    {
        if (_newTable is not null && _pauseRehash == 0)
            Rehash(1);
    }

    // Moves up to `steps` non-empty buckets to the new table; returns whether buckets remain to move.
    private bool Rehash(int steps)
    {
        if (_newTable is null)
            return false;

        int emptyVisitsLeft = steps * EmptyVisitsPerStep;
        for (; steps > 0 && _tableCount > 0; steps--)
        {
            // _tableCount > 0 guarantees a non-empty bucket at or after _rehashIndex.
            while (_table[_rehashIndex] is null)
            {
                _rehashIndex++;
                if (--emptyVisitsLeft == 0)
                    return true;
            }

            MoveBucket(_rehashIndex, _newTable);
            _rehashIndex++;
        }

        if (_tableCount > 0)
            return true;

        FinishRehash(_newTable);
        return false;
    }

    private void MoveBucket(int bucket, Entry?[] target)
    {
        Entry? entry = _table[bucket];
        _table[bucket] = null;
        while (entry is not null)
        {
            Entry? next = entry.Next;
            PushFront(target, entry);
            _tableCount--;
            _newTableCount++;
            entry = next;
        }
    }

    private void FinishRehash(Entry?[] newTable)
    {
        _table = newTable;
        _tableCount = _newTableCount;
        _newTable = null;
        _newTableCount = 0;
        _rehashIndex = 0;
    }

    private ulong ScanOneTable(ulong cursor, Action<byte[], TValue> visit)
    {
        ulong mask = MaskOf(_table);
        VisitChain(_table[(int)(cursor & mask)], visit);
        return NextCursor(cursor, mask);
    }

    private ulong ScanBothTables(ulong cursor, Entry?[] newTable, Action<byte[], TValue> visit)
    {
        Entry?[] small = _table;
        Entry?[] large = newTable;
        if (small.Length > large.Length)
            (small, large) = (large, small);

        ulong smallMask = MaskOf(small);
        ulong largeMask = MaskOf(large);
        VisitChain(small[(int)(cursor & smallMask)], visit);

        // Keys of that small-table bucket live, in the large table, in the buckets sharing its low bits.
        // Visit all of them (they differ only in the high bits the reversed cursor increments first)
        // so the small bucket is fully covered whichever table its keys sit in.
        do
        {
            VisitChain(large[(int)(cursor & largeMask)], visit);
            cursor = NextCursor(cursor, largeMask);
        } while ((cursor & (smallMask ^ largeMask)) != 0);

        return cursor;
    }

    private static void VisitChain(Entry? entry, Action<byte[], TValue> visit)
    {
        for (; entry is not null; entry = entry.Next)
            visit(entry.Key, entry.Value);
    }

    // Increments the cursor starting from its highest masked bit rather than its lowest. Bucket i of a
    // table of size n becomes buckets i and i+n when it doubles, and those two are next to each other in
    // this order, so buckets visited before a resize map to buckets visited before it in the new table too:
    // nothing present throughout is missed, whether the table grows or shrinks between calls.
    private static ulong NextCursor(ulong cursor, ulong mask)
    {
        // Setting the bits above the mask makes the carry run off the top once every bucket is done, giving 0.
        cursor |= ~mask;
        cursor = ReverseBits(cursor);
        cursor++;
        return ReverseBits(cursor);
    }

    // Swaps neighbouring bits, then bit pairs, then nibbles; reversing the byte order finishes the job.
    private static ulong ReverseBits(ulong v)
    {
        v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
        v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return BinaryPrimitives.ReverseEndianness(v);
    }

    private Entry RandomNonEmptyBucket()
    {
        // Buckets of the old table below _rehashIndex are known empty, so they are not drawn.
        long first = IsRehashing ? _rehashIndex : 0;
        long candidates = BucketCount - first;
        while (true)
        {
            Entry? head = BucketAt(first + Random.Shared.NextInt64(candidates));
            if (head is not null)
                return head;
        }
    }

    private static Entry RandomChainElement(Entry head)
    {
        int length = 0;
        for (Entry? entry = head; entry is not null; entry = entry.Next)
            length++;

        Entry picked = head;
        for (int skip = Random.Shared.Next(length); skip > 0; skip--)
            picked = picked.Next!;
        return picked;
    }

    // Numbers the buckets of both tables as one range: the old table first, then the new one.
    private Entry? BucketAt(long index) =>
        index < _table.Length ? _table[index] : _newTable![index - _table.Length];

    private static void PushFront(Entry?[] table, Entry entry)
    {
        ref Entry? bucket = ref table[BucketOf(entry.Hash, table)];
        entry.Next = bucket;
        bucket = entry;
    }

    private static int BucketOf(ulong hash, Entry?[] table) => (int)(hash & MaskOf(table));

    private static ulong MaskOf(Entry?[] table) => (ulong)table.Length - 1;
}

/// <summary>
/// SipHash-1-2 with a key drawn once per process, as Redis hashes its keys: clients choose the keys,
/// and with a predictable hash they could pile them all into one bucket and make every lookup linear.
/// </summary>
file static class KeyHasher
{
    private static readonly ulong Key0;
    private static readonly ulong Key1;

    static KeyHasher()
    {
        Span<byte> seed = stackalloc byte[16];
        RandomNumberGenerator.Fill(seed);
        Key0 = BinaryPrimitives.ReadUInt64LittleEndian(seed);
        Key1 = BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]);
    }

    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        ulong v0 = Key0 ^ 0x736f6d6570736575UL;
        ulong v1 = Key1 ^ 0x646f72616e646f6dUL;
        ulong v2 = Key0 ^ 0x6c7967656e657261UL;
        ulong v3 = Key1 ^ 0x7465646279746573UL;

        int whole = data.Length & ~7;
        for (int i = 0; i < whole; i += 8)
            Compress(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]), ref v0, ref v1, ref v2, ref v3);
        Compress(LastBlock(data, whole), ref v0, ref v1, ref v2, ref v3);

        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    // The 0-7 leftover bytes, little-endian, with the length's low byte on top so that
    // inputs differing only by trailing zero bytes still hash differently.
    private static ulong LastBlock(ReadOnlySpan<byte> data, int start)
    {
        ulong block = (ulong)data.Length << 56;
        for (int i = start; i < data.Length; i++)
            block |= (ulong)data[i] << (8 * (i - start));
        return block;
    }

    private static void Compress(ulong block, ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v3 ^= block;
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= block;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
