// The hash table behind every keyspace: binary-safe byte-string keys, chained buckets, incremental rehashing.
// cf. src/dict.c (table, rehashing, dictScan, dictGetRandomKey), htNeedsResize() in src/server.c (shrinking)
// and src/siphash.c (the seeded key hash).

using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace EventLoopRedis.Storage;

/// <summary>
/// A hash table from byte-string keys to <typeparamref name="TValue"/>. Growing or shrinking never
/// stops the world: like Redis, the dict keeps the old and the new table side by side and moves one
/// bucket per operation (plus whatever the server cron moves with <see cref="RehashMilliseconds"/>),
/// so no single command pays for a full rehash of millions of keys.
/// <para>
/// Memory layout: Redis allocates one dictEntry per key; a .NET object per entry would add a 16-byte
/// header and an 8-byte link to each. Here an entry is a struct (key, value, 32 bits of the hash and
/// an int link to the next entry of its chain) in an array of entries, as .NET's Dictionary keeps them,
/// and a bucket is an int: 24 + 4 bytes per key for a reference-typed value, against 48 + 8 for an
/// entry object. The entries live in chunks of <see cref="ChunkSize"/>, so a table of millions never
/// needs one huge array (nor a copy of it to grow), and each table (the main one and, while
/// rehashing, the new one) has its own: moving a bucket copies its entries into the new table's
/// chunks, so the entries end up packed again after every resize.
/// </para>
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

    // Entries per chunk: 24 KB chunks for reference values, well below the large object heap's 85 KB.
    // A table's first chunk starts at its bucket count and doubles up to this size, so a small
    // dict (a set of three members) stays small.
    private const int ChunkShift = 10;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    // Links (bucket heads and Next) hold an entry's index plus one, so that 0, what a new array
    // holds, is the end of a chain.
    private struct Entry
    {
        public byte[]? Key;
        public TValue Value;
        public uint Hash;
        public int Next;
    }

    // One of Redis's two hash tables: its buckets and the entries chained from them.
    private struct Table
    {
        public int[] Buckets;
        public Entry[][] Chunks;
        public int Count;
        // Entry slots handed out so far; freed slots below it are chained from FreeList.
        public int Allocated;
        public int FreeList;

        public static Table Create(int size) => new()
        {
            Buckets = new int[size],
            Chunks = [new Entry[Math.Min(size, ChunkSize)]],
        };

        public static Table Empty => new() { Buckets = [], Chunks = [] };

        public readonly int Mask => Buckets.Length - 1;

        public readonly ref Entry At(int link) => ref Chunks[(link - 1) >> ChunkShift][(link - 1) & ChunkMask];

        // A free slot for a new entry, as a link: a freed one first, else the next unused one.
        public int NewEntry()
        {
            if (FreeList != 0)
            {
                int link = FreeList;
                FreeList = At(link).Next;
                return link;
            }
            int index = Allocated++;
            int chunk = index >> ChunkShift;
            if (chunk == 0 && index == Chunks[0].Length)
                Array.Resize(ref Chunks[0], Math.Min(2 * index, ChunkSize));
            else if (chunk > 0 && (index & ChunkMask) == 0)
            {
                if (chunk == Chunks.Length) Array.Resize(ref Chunks, 2 * chunk);
                Chunks[chunk] = new Entry[ChunkSize];
            }
            return index + 1;
        }

        public void FreeEntry(int link)
        {
            ref Entry entry = ref At(link);
            // Dropping the references lets the garbage collector have the key and value now.
            entry = default;
            entry.Next = FreeList;
            FreeList = link;
        }

        public void PushFront(int link)
        {
            ref Entry entry = ref At(link);
            ref int bucket = ref Buckets[(int)(entry.Hash & (uint)Mask)];
            entry.Next = bucket;
            bucket = link;
        }

        public readonly int Find(ReadOnlySpan<byte> key, uint hash)
        {
            if (Buckets is null) return 0;
            for (int link = Buckets[(int)(hash & (uint)Mask)]; link != 0;)
            {
                ref Entry entry = ref At(link);
                // Comparing the stored hash first skips the byte comparison for almost every other key in the chain.
                if (entry.Hash == hash && key.SequenceEqual(entry.Key))
                    return link;
                link = entry.Next;
            }
            return 0;
        }
    }

    // Redis's ht[0]. Outside a rehash it is the only table.
    private Table _table = Table.Empty;

    // Redis's ht[1]: the table being filled while rehashing (Buckets null otherwise). Buckets of
    // _table below _rehashIndex have already been moved here and are empty.
    private Table _newTable;
    private int _rehashIndex;

    // While positive, lookups do not move buckets, so that a scan or an enumeration in progress
    // sees a stable layout (Redis's pauserehash).
    private int _pauseRehash;

    // Bumped on every insertion and removal so that enumerators can detect misuse.
    private int _version;

    // While positive, ShrinkIfNeeded does nothing: a snapshot walking the table with Scan relies on
    // it never shrinking (as Redis allows no resize while a child process saves).
    private int _pauseShrink;

    public int Count => _table.Count + _newTable.Count;

    /// <summary>Buckets in both tables: what INFO and tests can observe of the layout.</summary>
    public long BucketCount => _table.Buckets.Length + (_newTable.Buckets?.Length ?? 0);

    /// <summary>Entry slots allocated in both tables (in use, free or not yet handed out), for the memory estimate.</summary>
    public long EntryCapacity => Capacity(_table) + Capacity(_newTable);

    public bool IsRehashing => _newTable.Buckets is not null;

    /// <summary>
    /// The shape of one of the two tables (0: the main one, 1: the rehash target) for DEBUG HTSTATS,
    /// or null when it holds nothing: its size and entries, its non-empty buckets, its longest and
    /// total chain length, and how many buckets hold a chain of each length below
    /// <paramref name="lengths"/> (cf. _dictGetStatsHt).
    /// </summary>
    public (int Size, int Used, int Slots, int MaxChain, long TotalChain, long[] ChainLengths)? TableStats(int which, int lengths)
    {
        ref Table table = ref which == 0 ? ref _table : ref _newTable;
        if (table.Buckets is null || table.Count == 0) return null;
        var chainLengths = new long[lengths];
        int slots = 0, maxChain = 0;
        long totalChain = 0;
        foreach (int head in table.Buckets)
        {
            int length = 0;
            for (int link = head; link != 0; link = table.At(link).Next) length++;
            chainLengths[Math.Min(length, lengths - 1)]++;
            if (length == 0) continue;
            slots++;
            maxChain = Math.Max(maxChain, length);
            totalChain += length;
        }
        return (table.Buckets.Length, table.Count, slots, maxChain, totalChain, chainLengths);
    }

    public bool TryGetValue(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out TValue value)
    {
        ref Entry entry = ref Find(key);
        bool found = !Unsafe.IsNullRef(ref entry);
        value = found ? entry.Value : default;
        return found;
    }

    /// <summary>Also returns the key array the dict owns, so another table (say, expiry times) can share it.</summary>
    public bool TryGetEntry(
        ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] storedKey, [MaybeNullWhen(false)] out TValue value)
    {
        ref Entry entry = ref Find(key);
        bool found = !Unsafe.IsNullRef(ref entry);
        storedKey = found ? entry.Key : null;
        value = found ? entry.Value : default;
        return found;
    }

    /// <summary>
    /// A reference to the value stored under <paramref name="key"/> for updating it in place, or a
    /// null reference (test it with <c>Unsafe.IsNullRef</c>) when absent. The reference is valid
    /// until the next call on this dict: any call may move entries along an incremental rehash.
    /// </summary>
    public ref TValue GetValueRefOrNullRef(ReadOnlySpan<byte> key)
    {
        ref Entry entry = ref Find(key);
        if (Unsafe.IsNullRef(ref entry))
            return ref Unsafe.NullRef<TValue>();
        return ref entry.Value;
    }

    /// <summary>
    /// Adds the entry unless the key is present. The dict takes ownership of <paramref name="key"/>:
    /// do not mutate it afterwards.
    /// </summary>
    public bool TryAdd(byte[] key, TValue value)
    {
        uint hash = PrepareInsert(key);
        if (_table.Find(key, hash) != 0 || _newTable.Find(key, hash) != 0)
            return false;
        Insert(key, hash, value);
        return true;
    }

    /// <summary>
    /// A reference to the value stored under <paramref name="key"/>; when absent, an entry is added
    /// first, under a copy of <paramref name="key"/>, with the default value for the caller to fill.
    /// One hash and one search either way, where a lookup then an add take two of each (cf.
    /// dictAddRaw's existing-entry out parameter). Valid until the next call on this dict.
    /// </summary>
    public ref TValue GetValueRefOrAddDefault(ReadOnlySpan<byte> key, out bool exists)
    {
        RehashStepIfAllowed();
        ExpandIfNeeded();
        uint hash = (uint)KeyHasher.Hash(key);
        int link = _table.Find(key, hash);
        if (link != 0)
        {
            exists = true;
            return ref _table.At(link).Value;
        }
        if ((link = _newTable.Find(key, hash)) != 0)
        {
            exists = true;
            return ref _newTable.At(link).Value;
        }
        exists = false;
        return ref Insert(key.ToArray(), hash, default!).Value;
    }

    /// <summary>Adds the entry, or replaces the value of the present one while keeping its stored key.</summary>
    public void Set(byte[] key, TValue value)
    {
        uint hash = PrepareInsert(key);
        int link = _table.Find(key, hash);
        if (link != 0)
            _table.At(link).Value = value;
        else if ((link = _newTable.Find(key, hash)) != 0)
            _newTable.At(link).Value = value;
        else
            Insert(key, hash, value);
    }

    public bool Remove(ReadOnlySpan<byte> key) => Remove(key, out _, out _);

    public bool Remove(
        ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out byte[] storedKey, [MaybeNullWhen(false)] out TValue value)
    {
        storedKey = null;
        value = default;
        if (Count == 0)
            return false;

        RehashStepIfAllowed();
        uint hash = (uint)KeyHasher.Hash(key);
        bool removed = Unlink(ref _table, key, hash, ref storedKey, ref value)
            || Unlink(ref _newTable, key, hash, ref storedKey, ref value);
        if (removed)
            _version++;
        return removed;
    }

    public void Clear()
    {
        _table = Table.Empty;
        _newTable = default;
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
        int size = _table.Buckets.Length;
        if (_pauseShrink > 0 || IsRehashing || size <= InitialSize || Count * 100L / size >= MinFillPercent)
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
            return IsRehashing ? ScanBothTables(cursor, visit) : ScanOneTable(cursor, visit);
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
        int largest = Math.Max(_table.Buckets.Length, _newTable.Buckets?.Length ?? 0);
        ulong bucket = KeyHasher.Hash(key) & ((ulong)largest - 1);
        return ReverseBits(bucket) < ReverseBits(cursor);
    }

    /// <summary>
    /// A random entry, false when the dict is empty. As in dictGetRandomKey, a random non-empty bucket is
    /// picked first, then a random entry of its chain: entries in short chains come up a little more often.
    /// </summary>
    public bool TryGetRandom([MaybeNullWhen(false)] out byte[] key, [MaybeNullWhen(false)] out TValue value)
    {
        if (Count == 0)
        {
            key = null;
            value = default;
            return false;
        }

        RehashStepIfAllowed();
        var (which, head) = RandomNonEmptyBucket();
        ref Table table = ref which == 0 ? ref _table : ref _newTable;
        int length = 0;
        for (int link = head; link != 0; link = table.At(link).Next)
            length++;

        int picked = head;
        for (int skip = Random.Shared.Next(length); skip > 0; skip--)
            picked = table.At(picked).Next;
        ref Entry entry = ref table.At(picked);
        key = entry.Key!;
        value = entry.Value;
        return true;
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
        // The table of the current entry (0 or 1) and its link, 0 before the first and after the last.
        private int _which;
        private int _current;
        private bool _pausing;

        internal Enumerator(Dict<TValue> dict)
        {
            _dict = dict;
            _version = dict._version;
            _dict._pauseRehash++;
            _pausing = true;
        }

        public readonly KeyValuePair<byte[], TValue> Current
        {
            get
            {
                ref Entry entry = ref (_which == 0 ? ref _dict._table : ref _dict._newTable).At(_current);
                return new(entry.Key!, entry.Value);
            }
        }

        public bool MoveNext()
        {
            if (_dict._version != _version)
                throw new InvalidOperationException("The dict was modified during enumeration.");

            if (_current != 0)
                _current = (_which == 0 ? ref _dict._table : ref _dict._newTable).At(_current).Next;
            while (_current == 0 && _nextBucket < _dict.BucketCount)
                (_which, _current) = _dict.BucketAt(_nextBucket++);
            return _current != 0;
        }

        public void Dispose()
        {
            if (!_pausing)
                return;
            _dict._pauseRehash--;
            _pausing = false;
        }
    }

    private ref Entry Find(ReadOnlySpan<byte> key)
    {
        // Also keeps Table.Find from indexing a bucket array of length 0.
        if (Count == 0)
            return ref Unsafe.NullRef<Entry>();

        RehashStepIfAllowed();
        uint hash = (uint)KeyHasher.Hash(key);
        int link = _table.Find(key, hash);
        if (link != 0)
            return ref _table.At(link);
        link = _newTable.Find(key, hash);
        return ref link != 0 ? ref _newTable.At(link) : ref Unsafe.NullRef<Entry>();
    }

    private uint PrepareInsert(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        RehashStepIfAllowed();
        ExpandIfNeeded();
        return (uint)KeyHasher.Hash(key);
    }

    private ref Entry Insert(byte[] key, uint hash, TValue value)
    {
        // While rehashing, new entries go to the new table so that the old one only ever drains.
        // At the head of the chain, because recently added keys are the likeliest to be read soon.
        ref Table table = ref IsRehashing ? ref _newTable : ref _table;
        int link = table.NewEntry();
        ref Entry entry = ref table.At(link);
        entry.Key = key;
        entry.Value = value;
        entry.Hash = hash;
        table.PushFront(link);
        table.Count++;
        _version++;
        return ref entry;
    }

    private static bool Unlink(ref Table table, ReadOnlySpan<byte> key, uint hash, ref byte[]? storedKey, ref TValue? value)
    {
        if (table.Buckets is null || table.Count == 0)
            return false;

        // previous is the slot pointing at the candidate (the bucket itself, then each Next field), so
        // unlinking is one assignment whether or not the entry heads its chain.
        ref int previous = ref table.Buckets[(int)(hash & (uint)table.Mask)];
        while (previous != 0)
        {
            int link = previous;
            ref Entry entry = ref table.At(link);
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                previous = entry.Next;
                storedKey = entry.Key;
                value = entry.Value;
                table.FreeEntry(link);
                table.Count--;
                return true;
            }

            previous = ref entry.Next;
        }

        return false;
    }

    private void ExpandIfNeeded()
    {
        if (IsRehashing)
            return;

        // The first table needs no rehash: there is nothing to move into it.
        if (_table.Buckets.Length == 0)
            _table = Table.Create(InitialSize);
        else if (_table.Count >= _table.Buckets.Length)
            StartRehash(_table.Count + 1);
    }

    private bool StartRehash(int minimumSize)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)minimumSize);
        if (size == _table.Buckets.Length)
            return false;

        _newTable = Table.Create(size);
        _rehashIndex = 0;
        return true;
    }

    /// <summary>
    /// One step of an incremental rehash in progress, as every search makes (cf. _dictRehashStep), for a
    /// caller that spares a search Redis would make and keeps the table's rehash at Redis's pace.
    /// </summary>
    public void RehashStepIfAllowed()
    {
        if (_pauseRehash == 0 && IsRehashing)
            Rehash(1);
    }

    // Moves up to `steps` non-empty buckets to the new table; returns whether buckets remain to move.
    private bool Rehash(int steps)
    {
        if (!IsRehashing)
            return false;

        int emptyVisitsLeft = steps * EmptyVisitsPerStep;
        for (; steps > 0 && _table.Count > 0; steps--)
        {
            // _table.Count > 0 guarantees a non-empty bucket at or after _rehashIndex.
            while (_table.Buckets[_rehashIndex] == 0)
            {
                _rehashIndex++;
                if (--emptyVisitsLeft == 0)
                    return true;
            }

            MoveBucket(_rehashIndex);
            _rehashIndex++;
        }

        if (_table.Count > 0)
            return true;

        // The old table's chunks go with it: the new one holds every entry, packed.
        _table = _newTable;
        _newTable = default;
        _rehashIndex = 0;
        return false;
    }

    // Copies each entry of the bucket into the new table's chunks and frees its old slot.
    private void MoveBucket(int bucket)
    {
        int link = _table.Buckets[bucket];
        _table.Buckets[bucket] = 0;
        while (link != 0)
        {
            ref Entry entry = ref _table.At(link);
            int next = entry.Next;
            int moved = _newTable.NewEntry();
            ref Entry target = ref _newTable.At(moved);
            target.Key = entry.Key;
            target.Value = entry.Value;
            target.Hash = entry.Hash;
            _newTable.PushFront(moved);
            _newTable.Count++;
            _table.FreeEntry(link);
            _table.Count--;
            link = next;
        }
    }

    private ulong ScanOneTable(ulong cursor, Action<byte[], TValue> visit)
    {
        ulong mask = (ulong)_table.Mask;
        VisitChain(ref _table, _table.Buckets[(int)(cursor & mask)], visit);
        return NextCursor(cursor, mask);
    }

    private ulong ScanBothTables(ulong cursor, Action<byte[], TValue> visit)
    {
        ref Table small = ref _table;
        ref Table large = ref _newTable;
        if (small.Buckets.Length > large.Buckets.Length)
        {
            small = ref _newTable;
            large = ref _table;
        }

        ulong smallMask = (ulong)small.Mask;
        ulong largeMask = (ulong)large.Mask;
        VisitChain(ref small, small.Buckets[(int)(cursor & smallMask)], visit);

        // Keys of that small-table bucket live, in the large table, in the buckets sharing its low bits.
        // Visit all of them (they differ only in the high bits the reversed cursor increments first)
        // so the small bucket is fully covered whichever table its keys sit in.
        do
        {
            VisitChain(ref large, large.Buckets[(int)(cursor & largeMask)], visit);
            cursor = NextCursor(cursor, largeMask);
        } while ((cursor & (smallMask ^ largeMask)) != 0);

        return cursor;
    }

    private static void VisitChain(ref Table table, int link, Action<byte[], TValue> visit)
    {
        while (link != 0)
        {
            ref Entry entry = ref table.At(link);
            visit(entry.Key!, entry.Value);
            link = entry.Next;
        }
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

    private (int Which, int Head) RandomNonEmptyBucket()
    {
        // Buckets of the old table below _rehashIndex are known empty, so they are not drawn.
        long first = IsRehashing ? _rehashIndex : 0;
        long candidates = BucketCount - first;
        while (true)
        {
            var bucket = BucketAt(first + Random.Shared.NextInt64(candidates));
            if (bucket.Head != 0)
                return bucket;
        }
    }

    // Numbers the buckets of both tables as one range: the old table first, then the new one.
    private (int Which, int Head) BucketAt(long index) =>
        index < _table.Buckets.Length
            ? (0, _table.Buckets[index])
            : (1, _newTable.Buckets[index - _table.Buckets.Length]);

    private static long Capacity(in Table table)
    {
        if (table.Chunks is null || table.Chunks.Length == 0) return 0;
        long chunks = (table.Allocated + ChunkSize - 1) >> ChunkShift;
        return chunks <= 1 ? table.Chunks[0].Length : chunks * ChunkSize;
    }
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
        Util.RandomBytes.Fill(seed);
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
