// One node of a stream's entry store: a run of consecutive entries sharing a master entry.
// cf. the listpacks in a stream's radix tree (streamAppendItem, streamIteratorRemoveEntry in t_stream.c).

namespace EventLoopRedis.Storage;

/// <summary>
/// An entry of a stream: its ID and its field-value pairs, or a tombstone once deleted (XDEL
/// and exact trimming mark entries, as Redis flags them in the listpack, and skip them).
/// </summary>
internal sealed class StreamEntry(StreamId id, byte[][] pairs)
{
    public StreamId Id { get; } = id;

    /// <summary>Fields and values, interleaved: field, value, field, value...</summary>
    public byte[][] Pairs { get; } = pairs;

    public bool Deleted { get; set; }
}

/// <summary>
/// A node holds what one of Redis's listpacks holds: entries in ID order, live and deleted,
/// starting at its master ID. The entries are kept as objects, but the node also counts the
/// bytes Redis's listpack would take (master entry, delta-encoded IDs, SAMEFIELDS compression,
/// integer encodings), because Redis decides from that size and from the live-plus-deleted count
/// when to start a new node, and `~` trimming removes whole nodes only: its results depend on
/// exactly where those boundaries fall.
/// </summary>
internal sealed class StreamNode
{
    // A listpack's header (total bytes, element count) and end marker, cf. LP_HDR_SIZE.
    private const int ListpackOverhead = 6 + 1;

    private StreamEntry[] _entries = new StreamEntry[4];
    private readonly byte[][] _masterFields;
    private long _masterFieldBytes; // num-fields, the fields and the 0 terminator of the master entry
    private long _entryBytes;       // every entry after the master entry

    /// <summary>Starts a node whose master entry takes its fields from the first entry's pairs.</summary>
    public StreamNode(StreamEntry first)
    {
        MasterId = first.Id;
        int fields = first.Pairs.Length / 2;
        _masterFields = new byte[fields][];
        _masterFieldBytes = Listpack.EncodedIntegerSize(fields) + Listpack.EncodedIntegerSize(0);
        for (int i = 0; i < fields; i++)
        {
            _masterFields[i] = first.Pairs[2 * i];
            _masterFieldBytes += Listpack.EncodedSize(_masterFields[i]);
        }
        Append(first);
    }

    private StreamNode(StreamNode source)
    {
        MasterId = source.MasterId;
        _masterFields = source._masterFields;
        _masterFieldBytes = source._masterFieldBytes;
        _entryBytes = source._entryBytes;
        Count = source.Count;
        Live = source.Live;
        _entries = new StreamEntry[Math.Max(4, Count)];
        for (int i = 0; i < Count; i++)
        {
            var entry = source._entries[i];
            _entries[i] = new StreamEntry(entry.Id, entry.Pairs) { Deleted = entry.Deleted };
        }
    }

    /// <summary>The fields of the master entry (the first entry's): entries with exactly these fields store only their values.</summary>
    public IReadOnlyList<byte[]> MasterFields => _masterFields;

    /// <summary>The ID of the first entry ever added to the node (the radix tree key in Redis).</summary>
    public StreamId MasterId { get; }

    /// <summary>Entries held, live and deleted.</summary>
    public int Count { get; private set; }

    /// <summary>Entries not deleted.</summary>
    public int Live { get; private set; }

    public int DeletedCount => Count - Live;

    public StreamEntry this[int index] => _entries[index];

    public StreamEntry LastEntry => _entries[Count - 1];

    /// <summary>What lpBytes would say of the listpack: the size the node-full rule compares.</summary>
    public long ListpackBytes =>
        ListpackOverhead + Listpack.EncodedIntegerSize(Live) + Listpack.EncodedIntegerSize(DeletedCount)
        + _masterFieldBytes + _entryBytes;

    /// <summary>
    /// Whether Redis would start a new node rather than append an entry whose fields and values
    /// total <paramref name="pairBytes"/> bytes, cf. the node-full test in streamAppendItem.
    /// </summary>
    public bool IsFullFor(long pairBytes, long maxBytes, long maxEntries)
    {
        const long ListpackMaxSize = 1L << 30; // STREAM_LISTPACK_MAX_SIZE
        if (maxBytes == 0 || maxBytes > ListpackMaxSize) maxBytes = ListpackMaxSize;
        if (ListpackBytes + pairBytes >= maxBytes) return true;
        return maxEntries != 0 && Count >= maxEntries;
    }

    /// <summary>Adds an entry after the last one (its ID is greater than every ID here).</summary>
    public void Append(StreamEntry entry)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, Count * 2);
        _entries[Count++] = entry;
        Live++;
        _entryBytes += EncodedSize(entry);
    }

    /// <summary>The index of the entry with <paramref name="id"/>, or the complement of where it would go.</summary>
    public int Search(StreamId id)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int order = _entries[middle].Id.CompareTo(id);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return ~low;
    }

    /// <summary>Marks the entry at <paramref name="index"/> deleted; it stays as a tombstone, as in the listpack.</summary>
    public void MarkDeleted(int index)
    {
        _entries[index].Deleted = true;
        Live--;
    }

    public StreamNode Duplicate() => new(this);

    // The bytes lpAppend would add for this entry: flags, ms and seq deltas, then either the
    // values alone (same fields as the master entry) or num-fields and every field and value,
    // then lp-count.
    private long EncodedSize(StreamEntry entry)
    {
        var pairs = entry.Pairs;
        int fields = pairs.Length / 2;
        bool sameFields = fields == _masterFields.Length;
        for (int i = 0; sameFields && i < fields; i++) sameFields = pairs[2 * i].AsSpan().SequenceEqual(_masterFields[i]);
        long size = Listpack.EncodedIntegerSize(sameFields ? 2 : 0)
            + Listpack.EncodedIntegerSize(unchecked((long)(entry.Id.Ms - MasterId.Ms)))
            + Listpack.EncodedIntegerSize(unchecked((long)(entry.Id.Seq - MasterId.Seq)));
        long lpCount = fields + 3;
        if (!sameFields)
        {
            size += Listpack.EncodedIntegerSize(fields);
            lpCount += fields + 1;
        }
        for (int i = 0; i < fields; i++)
        {
            if (!sameFields) size += Listpack.EncodedSize(pairs[2 * i]);
            size += Listpack.EncodedSize(pairs[2 * i + 1]);
        }
        return size + Listpack.EncodedIntegerSize(lpCount);
    }
}
