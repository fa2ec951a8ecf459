// The hash type: fields and their values, in a listpack while small, in a hash table beyond.
// cf. the hashType* API of t_hash.c (hashTypeSet, hashTypeGetValue, hashTypeDelete,
// hashTypeConvert, hashTypeRandomElement) and the sampling cases of hrandfieldWithCountCommand.

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EventLoopRedis.Storage;

/// <summary>Receives one field and its value (HRANDFIELD's samples); the spans are valid during the call only.</summary>
internal delegate void HashPairVisitor(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value);

/// <summary>
/// A hash value. It starts as a <see cref="Listpack"/> of field, value, field, value... in
/// insertion order (integers stored as numbers, as in Redis), and becomes a <see cref="Dict{TValue}"/> of field → value for good (Redis never
/// converts back) once it holds more than the entry limit, or a field or value longer than the
/// value limit: hash-max-listpack-entries and hash-max-listpack-value, which the commands pass in.
/// <para>
/// A listpack entry may be stored as an integer, which reading formats as text, so the reads
/// take a caller's <c>digits</c> buffer (stack memory): <see cref="DigitsLength"/> bytes for a
/// value, <see cref="PairDigitsLength"/> for a walk handing out fields and values together.
/// </para>
/// </summary>
internal sealed class RedisHash : IScannableCollection
{
    // A Listpack or a Dict<byte[]>, the encoding being which: one reference, not two, which
    // saves 8 bytes in every hash (there may be millions of small ones).
    private object _store = new Listpack();

    /// <summary>The hash table, once the hash is one (when <c>_store</c> is not a Listpack).</summary>
    private Dict<byte[]> Table => (Dict<byte[]>)_store;

    /// <summary>The hash table, or null while the hash is a listpack (DEBUG HTSTATS-KEY).</summary>
    public Dict<byte[]>? HashTable => _store as Dict<byte[]>;

    /// <summary>Bytes a <c>digits</c> buffer needs for one field or value.</summary>
    public const int DigitsLength = Listpack.DigitsLength;

    /// <summary>Bytes a <c>digits</c> buffer needs for a field and its value together.</summary>
    public const int PairDigitsLength = 2 * Listpack.DigitsLength;

    /// <summary>The listpack of a compact hash (field, value, field, value...), null for a hash table: what RDB writes as HASH_LISTPACK.</summary>
    public Listpack? CompactEntries => _store as Listpack;

    public long Count => _store is Listpack listpack ? listpack.Count / 2 : Table.Count;

    public ObjectEncoding Encoding => _store is Listpack ? ObjectEncoding.Listpack : ObjectEncoding.Hashtable;

    public ICollectionValue Duplicate()
    {
        var copy = new RedisHash();
        if (_store is Listpack listpack)
        {
            copy._store = listpack.Duplicate();
            return copy;
        }
        var table = new Dict<byte[]>();
        foreach (var (field, value) in Table) table.TryAdd(field.ToArray(), value.ToArray());
        copy._store = table;
        return copy;
    }

    /// <summary>
    /// The value of <paramref name="field"/>, valid until the hash changes (or, stored as an
    /// integer, formatted into <paramref name="digits"/>); false when absent (cf. hashTypeGetValue).
    /// </summary>
    public bool TryGetValue(ReadOnlySpan<byte> field, Span<byte> digits, out ReadOnlySpan<byte> value)
    {
        if (_store is Listpack listpack)
        {
            int at = listpack.Find(new Listpack.Element(field), skip: 1);
            value = at < 0 ? default : listpack.Get(listpack.Next(at), digits);
            return at >= 0;
        }
        bool found = Table.TryGetValue(field, out var stored);
        value = stored;
        return found;
    }

    public bool Contains(ReadOnlySpan<byte> field) =>
        _store is Listpack listpack ? listpack.Find(new Listpack.Element(field), skip: 1) >= 0 : Table.TryGetValue(field, out _);

    /// <summary>
    /// Sets <paramref name="field"/> to <paramref name="value"/>; true when the field is new, false
    /// when it replaced a value (cf. hashTypeSet). A listpack becomes a hash table first when the
    /// field or value is longer than <paramref name="maxListpackValue"/> bytes, and afterwards when
    /// it holds more than <paramref name="maxListpackEntries"/> fields (even when the write
    /// replaced a value: CONFIG SET may have lowered the limit since).
    /// </summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value, long maxListpackEntries, long maxListpackValue)
    {
        if (_store is Listpack && (field.Length > maxListpackValue || value.Length > maxListpackValue))
            ConvertToTable();

        if (_store is not Listpack listpack)
        {
            ref var slot = ref Table.GetValueRefOrAddDefault(field, out bool exists);
            // A value of the same length is overwritten in place (HINCRBY mostly keeps its
            // length), so an update allocates nothing. Stored arrays are never kept by readers.
            if (exists && slot.Length == value.Length) value.CopyTo(slot);
            else slot = value.ToArray();
            return !exists;
        }

        var fieldElement = new Listpack.Element(field);
        int at = listpack.Find(fieldElement, skip: 1);
        bool created = at < 0;
        if (created)
        {
            listpack.Append(fieldElement);
            listpack.Append(new Listpack.Element(value));
        }
        else
        {
            listpack.Replace(listpack.Next(at), new Listpack.Element(value));
        }
        // Checked after an update too, so a lowered limit converts at the next write of any kind.
        if (Count > maxListpackEntries) ConvertToTable();
        return created;
    }

    /// <summary>Removes <paramref name="field"/>; false when it was absent (cf. hashTypeDelete).</summary>
    public bool Remove(ReadOnlySpan<byte> field)
    {
        if (_store is not Listpack listpack)
        {
            if (!Table.Remove(field)) return false;
            // As hashTypeDelete does: a table left under 10% full starts shrinking (incrementally).
            Table.ShrinkIfNeeded();
            return true;
        }
        int at = listpack.Find(new Listpack.Element(field), skip: 1);
        if (at < 0) return false;
        listpack.DeleteRange(at, 2);
        return true;
    }

    /// <summary>
    /// Walks every field and value: in insertion order for a listpack, in bucket order for a
    /// table. Integer entries are formatted into <paramref name="digits"/> (at least
    /// <see cref="PairDigitsLength"/> bytes), so an entry is valid until the next step.
    /// </summary>
    public Enumerator Pairs(Span<byte> digits) => new(this, digits);

    /// <summary>
    /// One random field and its value (the hash is not empty), cf. hashTypeRandomElement: uniform
    /// for a listpack, as dictGetRandomKey for a table. Integers are formatted into
    /// <paramref name="digits"/> (at least <see cref="PairDigitsLength"/> bytes).
    /// </summary>
    public void RandomPair(Span<byte> digits, out ReadOnlySpan<byte> field, out ReadOnlySpan<byte> value)
    {
        Debug.Assert(Count > 0);
        if (_store is Listpack listpack)
        {
            int at = listpack.Seek(2 * Random.Shared.Next((int)Count));
            field = listpack.Get(at, digits[..DigitsLength]);
            value = listpack.Get(listpack.Next(at), digits[DigitsLength..]);
            return;
        }
        Table.TryGetRandom(out var key, out var stored);
        field = key;
        value = stored;
    }

    /// <summary>
    /// Visits <paramref name="count"/> random pairs, the same one possibly more than once: HRANDFIELD
    /// with a negative count (the hash is not empty). For a listpack the pair offsets are found once,
    /// so each draw is O(1), as lpRandomPairs does per batch.
    /// </summary>
    public void VisitRandomWithRepeats(long count, HashPairVisitor visit)
    {
        Debug.Assert(Count > 0);
        if (_store is not Listpack listpack)
        {
            for (; count > 0; count--)
            {
                Table.TryGetRandom(out var key, out var stored);
                visit(key, stored);
            }
            return;
        }

        var offsets = PairOffsets(listpack);
        Span<byte> digits = stackalloc byte[PairDigitsLength];
        for (; count > 0; count--)
        {
            int at = offsets[Random.Shared.Next(offsets.Length)];
            visit(listpack.Get(at, digits[..DigitsLength]), listpack.Get(listpack.Next(at), digits[DigitsLength..]));
        }
    }

    /// <summary>
    /// Visits min(<paramref name="count"/>, <see cref="Count"/>) distinct random pairs: HRANDFIELD with a
    /// positive count, with Redis's cases: everything, in iteration order, when the count covers the
    /// hash; a random subset of a copy of the entries when the hash is not much bigger than the count
    /// (Redis copies them into a dict and removes random ones); otherwise, for a listpack, one
    /// sequential pass that samples in listpack order (lpRandomPairsUnique), and for a table, random
    /// picks until enough distinct ones were found.
    /// </summary>
    public void VisitRandomDistinct(long count, HashPairVisitor visit)
    {
        long size = Count;
        Span<byte> digits = stackalloc byte[PairDigitsLength];
        if (count >= size)
        {
            foreach (var entry in Pairs(digits)) visit(entry.Field, entry.Value);
        }
        else if (count * SubStrategyFactor > size)
        {
            VisitRandomSubsetOfCopy((int)count, visit);
        }
        else if (_store is Listpack listpack)
        {
            // Selection sampling (Knuth's algorithm S): each pair is taken with probability
            // wanted/remaining, which picks exactly `count` pairs, uniformly, in order.
            long wanted = count, remaining = size;
            int offset = 0;
            while (wanted > 0)
            {
                int valueAt = listpack.Next(offset);
                if (Random.Shared.NextInt64(remaining--) < wanted)
                {
                    visit(listpack.Get(offset, digits[..DigitsLength]), listpack.Get(valueAt, digits[DigitsLength..]));
                    wanted--;
                }
                offset = valueAt + listpack.EntrySize(valueAt);
            }
        }
        else
        {
            // The stored field arrays identify entries, so the set of those seen compares references.
            var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
            while (seen.Count < count)
            {
                Table.TryGetRandom(out var key, out var stored);
                if (seen.Add(key!)) visit(key, stored);
            }
        }
    }

    // A partial Fisher-Yates shuffle of a copy of the entries: its first `count` are the sample.
    private void VisitRandomSubsetOfCopy(int count, HashPairVisitor visit)
    {
        var entries = new KeyValuePair<byte[], byte[]>[Count];
        int n = 0;
        if (_store is Dict<byte[]> table)
        {
            foreach (var entry in table) entries[n++] = entry;
        }
        else
        {
            Span<byte> digits = stackalloc byte[PairDigitsLength];
            foreach (var entry in Pairs(digits)) entries[n++] = new(entry.Field.ToArray(), entry.Value.ToArray());
        }
        for (int i = 0; i < count; i++)
        {
            int pick = i + Random.Shared.Next(n - i);
            (entries[i], entries[pick]) = (entries[pick], entries[i]);
            visit(entries[i].Key, entries[i].Value);
        }
    }

    /// <summary>
    /// HSCAN's step: a listpack returns everything at once with cursor 0 (whatever the cursor, as
    /// Redis does); a table visits buckets from the cursor until about <paramref name="count"/>
    /// fields and values were found or 10 × count buckets were seen, as the dictScan loop of scanGenericCommand.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<byte[]> into)
    {
        if (_store is Listpack)
        {
            Span<byte> digits = stackalloc byte[PairDigitsLength];
            foreach (var entry in Pairs(digits))
            {
                into.Add(entry.Field.ToArray());
                into.Add(entry.Value.ToArray());
            }
            return 0;
        }

        Action<byte[], byte[]> collect = (field, value) =>
        {
            into.Add(field);
            into.Add(value);
        };
        long bucketsLeft = unchecked(count * 10);
        do
        {
            cursor = Table.Scan(cursor, collect);
        } while (cursor != 0 && bucketsLeft-- != 0 && into.Count < count); // fields and values both count, as in Redis
        return cursor;
    }

    // HRANDFIELD_SUB_STRATEGY_MUL: below this ratio of size to count, copying the whole table is cheaper than
    // drawing until distinct.
    private const int SubStrategyFactor = 3;

    private static int[] PairOffsets(Listpack listpack)
    {
        var offsets = new int[listpack.Count / 2];
        int offset = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = offset;
            int valueAt = offset + listpack.EntrySize(offset);
            offset = valueAt + listpack.EntrySize(valueAt);
        }
        return offsets;
    }

    // cf. hashTypeConvertListpack: every pair moves into a new table, never to come back.
    private void ConvertToTable()
    {
        var table = new Dict<byte[]>();
        Span<byte> digits = stackalloc byte[PairDigitsLength];
        foreach (var entry in Pairs(digits)) table.TryAdd(entry.Field.ToArray(), entry.Value.ToArray());
        _store = table;
    }

    /// <summary>One field and its value, as spans valid until the hash changes.</summary>
    public readonly ref struct Entry(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        public ReadOnlySpan<byte> Field { get; } = field;
        public ReadOnlySpan<byte> Value { get; } = value;
    }

    /// <summary>
    /// Walks the pairs (foreach over <see cref="Pairs"/>). Over a table it pauses rehashing until
    /// disposed (foreach does), so lookups during the walk are fine; changing the hash is not.
    /// </summary>
    public ref struct Enumerator
    {
        private readonly Listpack? _listpack;
        private readonly Span<byte> _digits;
        private Dict<byte[]>.Enumerator _table;
        private int _next;
        private ReadOnlySpan<byte> _field;
        private ReadOnlySpan<byte> _value;

        internal Enumerator(RedisHash hash, Span<byte> digits)
        {
            _listpack = hash._store as Listpack;
            _digits = digits;
            if (_listpack is null) _table = hash.Table.GetEnumerator();
            else Debug.Assert(digits.Length >= PairDigitsLength);
        }

        public readonly Enumerator GetEnumerator() => this;

        public readonly Entry Current => new(_field, _value);

        public bool MoveNext()
        {
            if (_listpack is null)
            {
                if (!_table.MoveNext()) return false;
                var (field, value) = _table.Current;
                _field = field;
                _value = value;
                return true;
            }
            if (_next >= _listpack.Bytes) return false;
            int valueAt = _next + _listpack.EntrySize(_next);
            _field = _listpack.Get(_next, _digits[..DigitsLength]);
            _value = _listpack.Get(valueAt, _digits[DigitsLength..]);
            _next = valueAt + _listpack.EntrySize(valueAt);
            return true;
        }

        public void Dispose() => _table.Dispose();
    }
}
