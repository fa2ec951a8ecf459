// A stream value: its entries in nodes ordered by ID, its counters (last ID, entries added,
// first and max-deleted IDs) and its consumer groups.
// cf. struct stream in stream.h and the low-level half of t_stream.c (streamAppendItem,
// streamTrim, streamDeleteItem, streamIteratorGetID, streamCreateCG).

using System.Diagnostics;

namespace EventLoopRedis.Storage;

/// <summary>How XADD and XTRIM trim: by length (MAXLEN) or by smallest ID (MINID).</summary>
internal enum StreamTrimStrategy
{
    None,
    MaxLen,
    MinId,
}

/// <summary>
/// The entries live in <see cref="StreamNode"/>s kept in ID order in an array (Redis keeps its
/// listpacks in a radix tree keyed by master ID). Appending goes to the last node or starts a
/// new one: O(1) amortised. Finding an ID is a binary search over node master IDs and then
/// within the node: O(log n), so a range read is O(log n + k). Trimming drops nodes from the
/// front by advancing a start index (the array is compacted once the dropped part is half of it).
/// </summary>
internal sealed class RedisStream : ICollectionValue
{
    // _nodes[_head.._nodes.Count) are the nodes; the slots before _head were trimmed away.
    private readonly List<StreamNode> _nodes = [];
    private int _head;

    // Consumer groups sorted bytewise by name, the order XINFO GROUPS lists them.
    private readonly List<StreamConsumerGroup> _groups = [];

    /// <summary>Live entries.</summary>
    public long Length { get; private set; }

    public long Count => Length;

    public ObjectEncoding Encoding => ObjectEncoding.Stream;

    /// <summary>The greatest ID ever added or set by XSETID: new IDs must be greater.</summary>
    public StreamId LastId { get; set; }

    /// <summary>The first live entry's ID (0-0 when empty): XINFO's recorded-first-entry-id.</summary>
    public StreamId FirstId { get; private set; }

    /// <summary>The greatest ID XDEL removed (or XSETID set): where the lag stops being exact.</summary>
    public StreamId MaxDeletedId { get; set; }

    /// <summary>Entries ever added (XSETID ENTRIESADDED may set it).</summary>
    public long EntriesAdded { get; set; }

    public int NodeCount => _nodes.Count - _head;

    public IReadOnlyList<StreamConsumerGroup> Groups => _groups;

    /// <summary>The node at <paramref name="index"/> (0 to <see cref="NodeCount"/> - 1) in ID order: RDB writes each as a listpack.</summary>
    public StreamNode NodeAt(int index) => _nodes[_head + index];

    /// <summary>
    /// Adds a node read from an RDB file after the last one (its master ID is greater than every
    /// ID here, and it holds at least one live entry): loading keeps Redis's node boundaries, which
    /// `~` trimming depends on. The counters are set afterwards with <see cref="SetLoadedCounters"/>.
    /// </summary>
    public void AppendLoadedNode(StreamNode node) => _nodes.Add(node);

    /// <summary>The counters an RDB file records beside the nodes (cf. the end of the stream case of rdbLoadObject).</summary>
    public void SetLoadedCounters(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId, long entriesAdded)
    {
        Length = length;
        LastId = lastId;
        FirstId = firstId;
        MaxDeletedId = maxDeletedId;
        EntriesAdded = entriesAdded;
    }

    // ---- entries ---------------------------------------------------------------------

    /// <summary>
    /// Adds an entry with <paramref name="id"/> (greater than <see cref="LastId"/>: the caller
    /// checked) and its interleaved field-value <paramref name="pairs"/>. A new node starts when
    /// the last one is full by Redis's rule (stream-node-max-bytes, stream-node-max-entries).
    /// </summary>
    public void Append(StreamId id, byte[][] pairs, long nodeMaxBytes, long nodeMaxEntries)
    {
        Debug.Assert(id > LastId || (Length == 0 && EntriesAdded == 0 && id == LastId));
        var entry = new StreamEntry(id, pairs);
        long pairBytes = 0;
        foreach (var part in pairs) pairBytes += part.Length;
        if (NodeCount == 0 || _nodes[^1].IsFullFor(pairBytes, nodeMaxBytes, nodeMaxEntries)) _nodes.Add(new StreamNode(entry));
        else _nodes[^1].Append(entry);
        if (Length == 0) FirstId = id;
        Length++;
        EntriesAdded++;
        LastId = id;
    }

    /// <summary>The live entry with <paramref name="id"/>, or null.</summary>
    public StreamEntry? Find(StreamId id)
    {
        int node = NodeAtOrBefore(id);
        if (node < 0) return null;
        int index = _nodes[node].Search(id);
        return index >= 0 && !_nodes[node][index].Deleted ? _nodes[node][index] : null;
    }

    /// <summary>
    /// Deletes the entry with <paramref name="id"/> if it exists (cf. streamDeleteItem and the
    /// bookkeeping of xdelCommand): a node left with no live entry goes, as Redis frees its
    /// listpack; the max deleted ID and the first ID follow.
    /// </summary>
    public bool Delete(StreamId id)
    {
        int node = NodeAtOrBefore(id);
        if (node < 0) return false;
        int index = _nodes[node].Search(id);
        if (index < 0 || _nodes[node][index].Deleted) return false;
        if (_nodes[node].Live == 1) RemoveNode(node);
        else _nodes[node].MarkDeleted(index);
        Length--;
        if (id > MaxDeletedId) MaxDeletedId = id;
        if (Length == 0) FirstId = default;
        else if (id == FirstId) FirstId = FirstLiveId();
        return true;
    }

    /// <summary>
    /// Trims as streamTrim does and returns how many entries went. Whole nodes go from the front
    /// while the stream stays at or above <paramref name="maxLength"/> (or while a node's last ID
    /// is below <paramref name="minId"/>); then an exact trim marks entries deleted inside the
    /// next node, while an approximate one (<paramref name="approximate"/>) stops. A nonzero
    /// <paramref name="limit"/> stops before a node that would take the count past it.
    /// </summary>
    public long Trim(StreamTrimStrategy strategy, long maxLength, StreamId minId, bool approximate, long limit)
    {
        if (strategy == StreamTrimStrategy.None) return 0;
        long deleted = 0;
        while (NodeCount > 0)
        {
            if (strategy == StreamTrimStrategy.MaxLen && Length <= maxLength) break;
            var node = _nodes[_head];
            int entries = node.Live;
            if (limit != 0 && deleted + entries > limit) break;
            bool removeNode = strategy == StreamTrimStrategy.MaxLen
                ? Length - entries >= maxLength
                : node.LastEntry.Id < minId;
            if (removeNode)
            {
                _nodes[_head++] = null!;
                Length -= entries;
                deleted += entries;
                continue;
            }
            if (approximate) break;
            for (int i = 0; i < node.Count; i++)
            {
                var entry = node[i];
                bool stop = strategy == StreamTrimStrategy.MaxLen ? Length <= maxLength : entry.Id >= minId;
                if (stop) break;
                if (entry.Deleted) continue;
                node.MarkDeleted(i);
                Length--;
                deleted++;
            }
            break;
        }
        CompactIfSparse();
        FirstId = Length == 0 ? default : FirstLiveId();
        return deleted;
    }

    /// <summary>The first live entry (or the last, when <paramref name="last"/>); null when empty.</summary>
    public StreamEntry? Edge(bool last)
    {
        var range = new Range(this, StreamId.Min, StreamId.Max, reverse: last);
        return range.MoveNext() ? range.Current : null;
    }

    /// <summary>The live entries from <paramref name="start"/> to <paramref name="end"/>, both included, in order or in reverse.</summary>
    public Range Between(StreamId start, StreamId end, bool reverse = false) => new(this, start, end, reverse);

    /// <summary>
    /// A walk over live entries in an ID interval, forwards or backwards, without allocating
    /// (cf. streamIterator). Positions are found by binary search; the walk then steps along.
    /// The stream must not change during the walk.
    /// </summary>
    public struct Range
    {
        private readonly RedisStream _stream;
        private readonly StreamId _start, _end;
        private readonly bool _reverse;
        private int _node, _index;

        public Range(RedisStream stream, StreamId start, StreamId end, bool reverse)
        {
            _stream = stream;
            _start = start;
            _end = end;
            _reverse = reverse;
            Current = null!;
            if (start > end || stream.NodeCount == 0)
            {
                _node = stream._nodes.Count;
                _index = 0;
                return;
            }
            if (!reverse)
            {
                _node = Math.Max(stream.NodeAtOrBefore(start), stream._head);
                int found = stream._nodes[_node].Search(start);
                _index = (found >= 0 ? found : ~found) - 1; // MoveNext steps onto it
            }
            else
            {
                _node = stream.NodeAtOrBefore(end);
                if (_node < 0)
                {
                    _node = stream._nodes.Count;
                    _index = 0;
                    return;
                }
                int found = stream._nodes[_node].Search(end);
                _index = (found >= 0 ? found : ~found - 1) + 1;
            }
        }

        public StreamEntry Current { get; private set; }

        public bool MoveNext()
        {
            var nodes = _stream._nodes;
            while (_node >= _stream._head && _node < nodes.Count)
            {
                var node = nodes[_node];
                _index += _reverse ? -1 : 1;
                if (_index < 0)
                {
                    _node--;
                    if (_node >= _stream._head) _index = nodes[_node].Count;
                    continue;
                }
                if (_index >= node.Count)
                {
                    _node++;
                    _index = -1;
                    continue;
                }
                var entry = node[_index];
                if (_reverse ? entry.Id < _start : entry.Id > _end)
                {
                    _node = nodes.Count;
                    return false;
                }
                if (entry.Deleted) continue;
                Current = entry;
                return true;
            }
            return false;
        }
    }

    // ---- consumer groups -------------------------------------------------------------

    public StreamConsumerGroup? FindGroup(ReadOnlySpan<byte> name)
    {
        int index = StreamConsumerGroup.SearchByName(_groups, name, g => g.Name);
        return index >= 0 ? _groups[index] : null;
    }

    /// <summary>Creates a group; null if the name is taken (cf. streamCreateCG).</summary>
    public StreamConsumerGroup? CreateGroup(ReadOnlySpan<byte> name, StreamId lastId, long entriesRead)
    {
        int index = StreamConsumerGroup.SearchByName(_groups, name, g => g.Name);
        if (index >= 0) return null;
        var group = new StreamConsumerGroup(name.ToArray(), lastId, entriesRead);
        _groups.Insert(~index, group);
        return group;
    }

    public bool DestroyGroup(ReadOnlySpan<byte> name)
    {
        int index = StreamConsumerGroup.SearchByName(_groups, name, g => g.Name);
        if (index < 0) return false;
        _groups.RemoveAt(index);
        return true;
    }

    /// <summary>
    /// The logical position of <paramref name="id"/> counted from the first entry ever added,
    /// when it can be known, else <see cref="StreamConsumerGroup.UnknownEntriesRead"/>
    /// (cf. streamEstimateDistanceFromFirstEverEntry).
    /// </summary>
    public long EstimateDistanceFromFirstEverEntry(StreamId id)
    {
        if (EntriesAdded == 0) return 0;
        if (Length == 0 && id <= LastId) return EntriesAdded;
        int toLast = id.CompareTo(LastId);
        if (toLast == 0) return EntriesAdded;
        if (toLast > 0) return StreamConsumerGroup.UnknownEntriesRead;
        if (MaxDeletedId.IsZero || MaxDeletedId < FirstId)
        {
            int toFirst = id.CompareTo(FirstId);
            if (toFirst < 0) return EntriesAdded - Length;
            if (toFirst == 0) return EntriesAdded - Length + 1;
        }
        return StreamConsumerGroup.UnknownEntriesRead;
    }

    /// <summary>Whether a deleted entry may lie from <paramref name="start"/> on (cf. streamRangeHasTombstones with no end).</summary>
    public bool HasTombstonesFrom(StreamId start)
    {
        if (Length == 0 || MaxDeletedId.IsZero) return false;
        if (FirstId > MaxDeletedId) return false;
        return start <= MaxDeletedId;
    }

    /// <summary>A group's lag, or null when it cannot be known (cf. the lag part of XINFO's streamReplyWithCGLag).</summary>
    public long? Lag(StreamConsumerGroup group)
    {
        if (EntriesAdded == 0) return 0;
        if (group.EntriesRead != StreamConsumerGroup.UnknownEntriesRead && !HasTombstonesFrom(group.LastId))
            return EntriesAdded - group.EntriesRead;
        long read = EstimateDistanceFromFirstEverEntry(group.LastId);
        return read == StreamConsumerGroup.UnknownEntriesRead ? null : EntriesAdded - read;
    }

    // ---- reporting -------------------------------------------------------------------

    /// <summary>
    /// The nodes a radix tree keyed by the nodes' master IDs (16 bytes, big-endian) would have:
    /// XINFO STREAM's radix-tree-nodes. A compressed radix tree (rax.c) has the root, a node
    /// where each key ends, a node at each fork and one at the start of each branch of a fork;
    /// runs between them are compressed into one node. With the keys sorted, the forks are the
    /// common prefixes of neighbouring keys. O(nodes), for XINFO only.
    /// </summary>
    public long RadixTreeNodes()
    {
        var prefixes = new HashSet<(int Length, UInt128 Bytes)> { (0, 0) };
        UInt128 previous = 0;
        for (int i = _head; i < _nodes.Count; i++)
        {
            var id = _nodes[i].MasterId;
            UInt128 key = ((UInt128)id.Ms << 64) | id.Seq;
            prefixes.Add((16, key));
            if (i > _head)
            {
                int common = (int)(UInt128.LeadingZeroCount(previous ^ key) / 8);
                prefixes.Add((common, Prefix(key, common)));
                prefixes.Add((common + 1, Prefix(key, common + 1)));
                prefixes.Add((common + 1, Prefix(previous, common + 1)));
            }
            previous = key;
        }
        return prefixes.Count;

        static UInt128 Prefix(UInt128 key, int length) => length == 0 ? 0 : key >> (8 * (16 - length));
    }

    public ICollectionValue Duplicate()
    {
        var copy = new RedisStream
        {
            Length = Length,
            LastId = LastId,
            FirstId = FirstId,
            MaxDeletedId = MaxDeletedId,
            EntriesAdded = EntriesAdded,
        };
        for (int i = _head; i < _nodes.Count; i++) copy._nodes.Add(_nodes[i].Duplicate());
        foreach (var group in _groups) copy._groups.Add(group.Duplicate());
        return copy;
    }

    // ---- helpers ---------------------------------------------------------------------

    // The last node whose master ID is at most id; -1 when id is before every node.
    private int NodeAtOrBefore(StreamId id)
    {
        int low = _head, high = _nodes.Count - 1, found = -1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (_nodes[middle].MasterId <= id)
            {
                found = middle;
                low = middle + 1;
            }
            else high = middle - 1;
        }
        return found;
    }

    private StreamId FirstLiveId() => Edge(last: false)!.Id;

    private void RemoveNode(int node)
    {
        if (node == _head)
        {
            _nodes[_head++] = null!;
            CompactIfSparse();
        }
        else _nodes.RemoveAt(node);
    }

    private void CompactIfSparse()
    {
        if (_head == _nodes.Count)
        {
            _nodes.Clear();
            _head = 0;
        }
        else if (_head > 16 && _head * 2 > _nodes.Count)
        {
            _nodes.RemoveRange(0, _head);
            _head = 0;
        }
    }
}
