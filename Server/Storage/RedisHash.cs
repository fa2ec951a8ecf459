// The hash type: fields and their values, in a listpack while small, in a hash table beyond.
// cf. the hashType* API of t_hash.c (hashTypeSet, hashTypeGetValue, hashTypeDelete,
// hashTypeConvert, hashTypeRandomElement) and the sampling cases of hrandfieldWithCountCommand.

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EventLoopRedis.Storage;

/// <summary>Receives one field and its value (HRANDFIELD's samples); the spans are valid during the call only.</summary>
internal delegate void HashPairVisitor(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value);

/// <summary>
/// A hash value. It starts as a <see cref="HashListpack"/> of field, value, field, value... in
/// insertion order, and becomes a <see cref="Dict{TValue}"/> of field → value for good (Redis never
/// converts back) once it holds more than the entry limit, or a field or value longer than the
/// value limit: hash-max-listpack-entries and hash-max-listpack-value, which the commands pass in.
/// </summary>
internal sealed class RedisHash : IScannableCollection
{
    // Exactly one of the two is set: the encoding is which.
    private HashListpack? _listpack = new();
    private Dict<byte[]>? _table;

    public long Count => _listpack is not null ? _listpack.Count / 2 : _table!.Count;

    public ObjectEncoding Encoding => _listpack is not null ? ObjectEncoding.Listpack : ObjectEncoding.Hashtable;

    public ICollectionValue Duplicate()
    {
        var copy = new RedisHash();
        if (_listpack is not null)
        {
            copy._listpack = _listpack.Duplicate();
            return copy;
        }
        copy._listpack = null;
        copy._table = new Dict<byte[]>();
        foreach (var (field, value) in _table!) copy._table.TryAdd(field.ToArray(), value.ToArray());
        return copy;
    }

    /// <summary>The value of <paramref name="field"/>, valid until the hash changes; false when absent (cf. hashTypeGetValue).</summary>
    public bool TryGetValue(ReadOnlySpan<byte> field, out ReadOnlySpan<byte> value)
    {
        if (_listpack is not null)
        {
            int at = _listpack.Find(field, skip: 1);
            value = at < 0 ? default : _listpack.Get(_listpack.Next(at), out _);
            return at >= 0;
        }
        bool found = _table!.TryGetValue(field, out var stored);
        value = stored;
        return found;
    }

    public bool Contains(ReadOnlySpan<byte> field) =>
        _listpack is not null ? _listpack.Find(field, skip: 1) >= 0 : _table!.TryGetValue(field, out _);

    /// <summary>
    /// Sets <paramref name="field"/> to <paramref name="value"/>; true when the field is new, false
    /// when it replaced a value (cf. hashTypeSet). A listpack becomes a hash table first when the
    /// field or value is longer than <paramref name="maxListpackValue"/> bytes, and afterwards when
    /// it holds more than <paramref name="maxListpackEntries"/> fields (even when the write
    /// replaced a value: CONFIG SET may have lowered the limit since).
    /// </summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value, long maxListpackEntries, long maxListpackValue)
    {
        if (_listpack is not null && (field.Length > maxListpackValue || value.Length > maxListpackValue))
            ConvertToTable();

        if (_listpack is null)
        {
            ref var slot = ref _table!.GetValueRefOrNullRef(field);
            if (!Unsafe.IsNullRef(ref slot))
            {
                // A value of the same length is overwritten in place (HINCRBY mostly keeps its
                // length), so an update allocates nothing. Stored arrays are never kept by readers.
                if (slot.Length == value.Length) value.CopyTo(slot);
                else slot = value.ToArray();
                return false;
            }
            _table.TryAdd(field.ToArray(), value.ToArray());
            return true;
        }

        int at = _listpack.Find(field, skip: 1);
        bool created = at < 0;
        if (created)
        {
            _listpack.Append(field);
            _listpack.Append(value);
        }
        else
        {
            _listpack.Replace(_listpack.Next(at), value);
        }
        // Checked after an update too, so a lowered limit converts at the next write of any kind.
        if (Count > maxListpackEntries) ConvertToTable();
        return created;
    }

    /// <summary>Removes <paramref name="field"/>; false when it was absent (cf. hashTypeDelete).</summary>
    public bool Remove(ReadOnlySpan<byte> field)
    {
        if (_listpack is null)
        {
            if (!_table!.Remove(field)) return false;
            // As hashTypeDelete does: a table left under 10% full starts shrinking (incrementally).
            _table.ShrinkIfNeeded();
            return true;
        }
        int at = _listpack.Find(field, skip: 1);
        if (at < 0) return false;
        _listpack.Delete(at, 2);
        return true;
    }

    /// <summary>Walks every field and value: in insertion order for a listpack, in bucket order for a table.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>
    /// One random field and its value (the hash is not empty), cf. hashTypeRandomElement: uniform
    /// for a listpack, as dictGetRandomKey for a table.
    /// </summary>
    public void RandomPair(out ReadOnlySpan<byte> field, out ReadOnlySpan<byte> value)
    {
        Debug.Assert(Count > 0);
        if (_listpack is not null)
        {
            field = _listpack.Get(_listpack.Seek(2 * Random.Shared.Next((int)Count)), out int next);
            value = _listpack.Get(next, out _);
            return;
        }
        _table!.TryGetRandom(out var key, out var stored);
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
        if (_listpack is null)
        {
            for (; count > 0; count--)
            {
                _table!.TryGetRandom(out var key, out var stored);
                visit(key, stored);
            }
            return;
        }

        var offsets = PairOffsets();
        for (; count > 0; count--)
        {
            var field = _listpack.Get(offsets[Random.Shared.Next(offsets.Length)], out int next);
            visit(field, _listpack.Get(next, out _));
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
        if (count >= size)
        {
            foreach (var entry in this) visit(entry.Field, entry.Value);
        }
        else if (count * SubStrategyFactor > size)
        {
            VisitRandomSubsetOfCopy((int)count, visit);
        }
        else if (_listpack is not null)
        {
            // Selection sampling (Knuth's algorithm S): each pair is taken with probability
            // wanted/remaining, which picks exactly `count` pairs, uniformly, in order.
            long wanted = count, remaining = size;
            int offset = 0;
            while (wanted > 0)
            {
                var field = _listpack.Get(offset, out int valueAt);
                var value = _listpack.Get(valueAt, out offset);
                if (Random.Shared.NextInt64(remaining--) < wanted)
                {
                    visit(field, value);
                    wanted--;
                }
            }
        }
        else
        {
            // The stored field arrays identify entries, so the set of those seen compares references.
            var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
            while (seen.Count < count)
            {
                _table!.TryGetRandom(out var key, out var stored);
                if (seen.Add(key!)) visit(key, stored);
            }
        }
    }

    // A partial Fisher-Yates shuffle of a copy of the entries: its first `count` are the sample.
    private void VisitRandomSubsetOfCopy(int count, HashPairVisitor visit)
    {
        var entries = new KeyValuePair<byte[], byte[]>[Count];
        int n = 0;
        if (_table is not null)
        {
            foreach (var entry in _table) entries[n++] = entry;
        }
        else
        {
            foreach (var entry in this) entries[n++] = new(entry.Field.ToArray(), entry.Value.ToArray());
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
        if (_listpack is not null)
        {
            foreach (var entry in this)
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
            cursor = _table!.Scan(cursor, collect);
        } while (cursor != 0 && bucketsLeft-- != 0 && into.Count < count); // fields and values both count, as in Redis
        return cursor;
    }

    // HRANDFIELD_SUB_STRATEGY_MUL: below this ratio of size to count, copying the whole table is cheaper than
    // drawing until distinct.
    private const int SubStrategyFactor = 3;

    private int[] PairOffsets()
    {
        var offsets = new int[Count];
        int offset = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = offset;
            offset = _listpack!.Next(_listpack.Next(offset));
        }
        return offsets;
    }

    // cf. hashTypeConvertListpack: every pair moves into a new table, never to come back.
    private void ConvertToTable()
    {
        var table = new Dict<byte[]>();
        foreach (var entry in this) table.TryAdd(entry.Field.ToArray(), entry.Value.ToArray());
        _table = table;
        _listpack = null;
    }

    /// <summary>One field and its value, as spans valid until the hash changes.</summary>
    public readonly ref struct Entry(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        public ReadOnlySpan<byte> Field { get; } = field;
        public ReadOnlySpan<byte> Value { get; } = value;
    }

    /// <summary>
    /// Walks the pairs. Over a table it pauses rehashing until disposed (foreach does), so
    /// lookups during the walk are fine; changing the hash is not.
    /// </summary>
    public ref struct Enumerator
    {
        private readonly HashListpack? _listpack;
        private Dict<byte[]>.Enumerator _table;
        private int _next;
        private ReadOnlySpan<byte> _field;
        private ReadOnlySpan<byte> _value;

        internal Enumerator(RedisHash hash)
        {
            _listpack = hash._listpack;
            if (_listpack is null) _table = hash._table!.GetEnumerator();
        }

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
            if (_next >= _listpack.ByteLength) return false;
            _field = _listpack.Get(_next, out int valueAt);
            _value = _listpack.Get(valueAt, out _next);
            return true;
        }

        public void Dispose() => _table.Dispose();
    }
}
