// A list value: a doubly linked list of listpack nodes, each bounded by list-max-listpack-size.
// cf. quicklist.c (quicklistPush, quicklistGetIteratorAtIdx, quicklistNext, quicklistDelEntry,
// quicklistInsertBefore/After, quicklistReplaceAtIndex, quicklistDelRange) and the list type API
// of t_list.c that the list commands see.

using System.Diagnostics;

namespace EventLoopRedis.Storage;

/// <summary>
/// Every Redis 7.0 list, small or large, is a quicklist (OBJECT ENCODING says "quicklist"):
/// pushing and popping at either end are O(1), and an element costs a few bytes in a
/// <see cref="Listpack"/> instead of an object of its own. Positions are found by walking node
/// counts from the nearer end, then entries inside one node.
/// <para>
/// The fill factor (list-max-listpack-size, fixed when the list is created, as in Redis) bounds
/// each node: a positive fill is a number of entries (and at most 8 KB per node, Redis's safety
/// limit), -1 to -5 is a size of 4, 8, 16, 32 or 64 KB. A single element larger than the limit
/// gets a node of its own.
/// </para>
/// </summary>
internal sealed class Quicklist : ICollectionValue
{
    /// <summary>Node sizes for fill -1 to -5 (cf. optimization_level in quicklist.c).</summary>
    private static readonly int[] SizeLimits = [4096, 8192, 16384, 32768, 65536];

    /// <summary>A node limited by entry count never passes this size (SIZE_SAFETY_LIMIT).</summary>
    private const int SafetyLimit = 8192;

    /// <summary>The largest entry-count fill (FILL_MAX: the 16-bit count field of a node, signed).</summary>
    private const int MaxFill = (1 << 15) - 1;

    private readonly int _fill;
    private Node? _head;
    private Node? _tail;

    /// <summary>An empty list whose nodes follow <paramref name="fill"/> (list-max-listpack-size), clamped to -5..32767 as Redis does.</summary>
    public Quicklist(int fill) => _fill = Math.Clamp(fill, -5, MaxFill);

    /// <summary>One node: a listpack between its neighbours (cf. quicklistNode).</summary>
    internal sealed class Node(Listpack entries)
    {
        public Node? Prev;
        public Node? Next;
        public Listpack Entries = entries;
    }

    public long Count { get; private set; }

    /// <summary>Number of nodes (cf. quicklist->len).</summary>
    public int NodeCount { get; private set; }

    public ObjectEncoding Encoding => ObjectEncoding.Quicklist;

    public ICollectionValue Duplicate()
    {
        var copy = new Quicklist(_fill);
        for (var node = _head; node is not null; node = node.Next) copy.LinkAfter(copy._tail, new Node(node.Entries.Duplicate()));
        copy.Count = Count;
        return copy;
    }

    /// <summary>Each node's entry count, bytes in use and bytes allocated, head first: for tests and memory reports.</summary>
    public IEnumerable<(int Count, int Bytes, int Capacity)> NodeShapes()
    {
        for (var node = _head; node is not null; node = node.Next)
            yield return (node.Entries.Count, node.Entries.Bytes, node.Entries.Capacity);
    }

    /// <summary>Each node's listpack, head first: what RDB and DUMP write, one node at a time.</summary>
    public IEnumerable<Listpack> NodeListpacks()
    {
        for (var node = _head; node is not null; node = node.Next) yield return node.Entries;
    }

    // ---- the ends ---------------------------------------------------------------------

    /// <summary>Adds <paramref name="value"/> at the head (LPUSH) or the tail (RPUSH), cf. quicklistPush.</summary>
    public void Push(ReadOnlySpan<byte> value, bool head)
    {
        var element = new Listpack.Element(value);
        var end = head ? _head : _tail;
        if (end is not null && AllowsInsert(end, element.Bytes.Length))
        {
            if (head) end.Entries.Prepend(element);
            else end.Entries.Append(element);
        }
        else
        {
            var node = NewNode(element);
            if (head) LinkBefore(_head, node);
            else LinkAfter(_tail, node);
        }
        Count++;
    }

    // ---- by index ---------------------------------------------------------------------

    /// <summary>
    /// The element at <paramref name="index"/> (negative counts from the tail, -1 is the last)
    /// formatted into <paramref name="digits"/> if it is stored as an integer; false when out of range.
    /// The span is valid until the list changes. cf. quicklistGetIteratorEntryAtIdx.
    /// </summary>
    public bool TryGet(long index, Span<byte> digits, out ReadOnlySpan<byte> value)
    {
        if (!TryLocate(index, out var node, out int offset))
        {
            value = default;
            return false;
        }
        value = node.Entries.Get(offset, digits);
        return true;
    }

    /// <summary>Replaces the element at <paramref name="index"/>; false when out of range (cf. quicklistReplaceAtIndex).</summary>
    public bool TryReplace(long index, ReadOnlySpan<byte> value)
    {
        if (index < 0) index += Count;
        if (index < 0 || !TryLocate(index, out var node, out int offset)) return false;
        var entries = node.Entries;
        int oldSize = entries.EntrySize(offset);
        var element = new Listpack.Element(value);
        if (entries.Count == 1 || Fits(entries.Bytes - oldSize + element.Size, entries.Count))
        {
            entries.Replace(offset, element);
            return true;
        }
        // It no longer fits its node: insert it beside the old one (splitting the node if
        // needed), then delete the old one, which the insert left in place.
        InsertAt(node, offset, after: true, element);
        DeleteRange(index, 1);
        return true;
    }

    /// <summary>
    /// Deletes <paramref name="count"/> elements from <paramref name="start"/> (negative counts
    /// from the tail): whole nodes are unlinked, partial ones trimmed. cf. quicklistDelRange.
    /// </summary>
    public void DeleteRange(long start, long count)
    {
        if (start < 0) start += Count;
        if (count <= 0 || start < 0 || start >= Count) return;
        count = Math.Min(count, Count - start);
        var node = FindNode(start, out int indexInNode);
        Count -= count;
        while (count > 0)
        {
            var next = node.Next;
            var entries = node.Entries;
            int n = (int)Math.Min(count, entries.Count - indexInNode);
            if (n == entries.Count) Unlink(node);
            else entries.DeleteRange(entries.Seek(indexInNode), n);
            count -= n;
            node = next!;
            indexInNode = 0;
        }
    }

    // ---- iterating --------------------------------------------------------------------

    /// <summary>
    /// An iterator from the element at <paramref name="index"/> (negative counts from the tail)
    /// towards the tail or the head; it yields nothing when the index is out of range.
    /// cf. quicklistGetIteratorAtIdx.
    /// </summary>
    public Iterator IterateFrom(long index, bool forward)
    {
        if (!TryLocate(index, out var node, out int offset)) return new Iterator(this, null, -1, forward);
        return new Iterator(this, node, offset, forward);
    }

    /// <summary>
    /// A position moving along the list one element at a time (cf. quicklistIter). After
    /// <see cref="MoveNext"/> returns true, <see cref="Current"/> reads the element, and the
    /// element may be deleted (<see cref="DeleteCurrent"/>, after which iterating goes on) or
    /// have a value inserted beside it (<see cref="InsertBeside"/>, after which the iterator must
    /// not be used again). Any other change to the list invalidates it.
    /// </summary>
    public struct Iterator
    {
        private readonly Quicklist _list;
        private readonly bool _forward;
        private Node? _node;
        private int _offset;
        private Node? _nextNode;
        private int _nextOffset;

        internal Iterator(Quicklist list, Node? node, int offset, bool forward)
        {
            _list = list;
            _forward = forward;
            _nextNode = node;
            _nextOffset = offset;
            _node = null;
            _offset = -1;
        }

        /// <summary>Moves to the next element; false at the end of the list.</summary>
        public bool MoveNext()
        {
            if (_nextNode is null) return false;
            _node = _nextNode;
            _offset = _nextOffset;
            var entries = _node.Entries;
            int next = _forward ? entries.Next(_offset) : entries.Prev(_offset);
            if (next >= 0)
            {
                _nextOffset = next;
                return true;
            }
            _nextNode = _forward ? _node.Next : _node.Prev;
            _nextOffset = _nextNode is null ? -1 : _forward ? _nextNode.Entries.First : _nextNode.Entries.Last;
            return true;
        }

        /// <summary>The current element (integers formatted into <paramref name="digits"/>), valid until the list changes.</summary>
        public readonly ReadOnlySpan<byte> Current(Span<byte> digits) => _node!.Entries.Get(_offset, digits);

        /// <summary>Whether the current element equals <paramref name="value"/> (cf. quicklistCompare).</summary>
        public readonly bool CurrentMatches(in Listpack.Element value) => _node!.Entries.Matches(_offset, value);

        /// <summary>Deletes the current element; the next <see cref="MoveNext"/> goes on from where it was (cf. quicklistDelEntry).</summary>
        public void DeleteCurrent()
        {
            var node = _node!;
            var entries = node.Entries;
            int size = entries.EntrySize(_offset);
            _list.Count--;
            if (entries.Count == 1)
            {
                _list.Unlink(node);
            }
            else
            {
                entries.Delete(_offset);
                // Going forward, the next element in this node slid left into the gap.
                if (_forward && _nextNode == node) _nextOffset -= size;
            }
            _node = null;
        }

        /// <summary>Inserts <paramref name="value"/> before or after the current element (cf. quicklistInsertBefore/After).</summary>
        public void InsertBeside(ReadOnlySpan<byte> value, bool after)
        {
            _list.InsertAt(_node!, _offset, after, new Listpack.Element(value));
            _node = _nextNode = null;
        }
    }

    // ---- nodes ------------------------------------------------------------------------

    /// <summary>Whether a node of <paramref name="bytes"/> and <paramref name="count"/> entries is within the fill (cf. _quicklistNodeAllowInsert).</summary>
    private bool Fits(long bytes, long count) =>
        _fill < 0 ? bytes <= SizeLimits[-_fill - 1] : count <= _fill && bytes <= SafetyLimit;

    // A listpack's header and end marker (lpBytes counts them), and what Redis adds to an element's
    // length to over-estimate its entry (SIZE_ESTIMATE_OVERHEAD).
    private const int ListpackFraming = 7, SizeEstimateOverhead = 8;

    /// <summary>
    /// Whether a node takes one more element of <paramref name="length"/> bytes, by Redis 7.0's
    /// estimate: the node's listpack size + the element's length + 8 (cf. _quicklistNodeAllowInsert),
    /// so nodes split exactly where Redis's do (and RDB and DUMP write the same listpacks).
    /// </summary>
    private bool AllowsInsert(Node node, int length) =>
        Fits(ListpackFraming + node.Entries.Bytes + length + SizeEstimateOverhead, node.Entries.Count + 1);

    private static Node NewNode(in Listpack.Element value)
    {
        var entries = new Listpack(value.Size);
        entries.Append(value);
        return new Node(entries);
    }

    /// <summary>Finds the node and offset of the element at <paramref name="index"/> (negative counts from the tail).</summary>
    private bool TryLocate(long index, out Node node, out int offset)
    {
        if (index < 0) index += Count;
        if (index < 0 || index >= Count)
        {
            node = null!;
            offset = -1;
            return false;
        }
        node = FindNode(index, out int indexInNode);
        offset = node.Entries.Seek(indexInNode);
        return true;
    }

    /// <summary>The node holding the element at <paramref name="index"/> (0 &lt;= index &lt; Count), walking node counts from the nearer end.</summary>
    private Node FindNode(long index, out int indexInNode)
    {
        Node node;
        if (index < Count / 2)
        {
            node = _head!;
            while (index >= node.Entries.Count)
            {
                index -= node.Entries.Count;
                node = node.Next!;
            }
            indexInNode = (int)index;
            return node;
        }
        long fromTail = Count - 1 - index;
        node = _tail!;
        while (fromTail >= node.Entries.Count)
        {
            fromTail -= node.Entries.Count;
            node = node.Prev!;
        }
        indexInNode = (int)(node.Entries.Count - 1 - fromTail);
        return node;
    }

    /// <summary>
    /// Inserts <paramref name="value"/> before or after the entry at <paramref name="offset"/> of
    /// <paramref name="node"/>. When the node is full the value goes into a neighbour with room
    /// (at the node's edges) or a new node; in the middle of a full node the node is split in
    /// two around the position first, and the pieces merged back with neighbours where they
    /// fit. cf. _quicklistInsert and _quicklistMergeNodes.
    /// </summary>
    private void InsertAt(Node node, int offset, bool after, in Listpack.Element value)
    {
        var entries = node.Entries;
        int size = value.Bytes.Length;
        int at = after ? offset + entries.EntrySize(offset) : offset; // where the new entry would start
        Count++;
        if (AllowsInsert(node, size))
        {
            entries.Insert(at, value);
            return;
        }
        bool atTail = at == entries.Bytes;
        bool atHead = at == 0;
        if (atTail && node.Next is { } next && AllowsInsert(next, size)) next.Entries.Prepend(value);
        else if (atHead && node.Prev is { } prev && AllowsInsert(prev, size)) prev.Entries.Append(value);
        else if (atTail) LinkAfter(node, NewNode(value));
        else if (atHead) LinkBefore(node, NewNode(value));
        else
        {
            var right = new Node(entries.SplitAt(at));
            LinkAfter(node, right);
            if (AllowsInsert(node, size)) entries.Append(value);
            else if (AllowsInsert(right, size)) right.Entries.Prepend(value);
            else LinkAfter(node, NewNode(value));
            MergeIfFits(node.Prev, node);
            MergeIfFits(right, right.Next);
        }
    }

    /// <summary>Merges <paramref name="right"/> into <paramref name="left"/> when both fit in one node (cf. _quicklistListpackMerge).</summary>
    private void MergeIfFits(Node? left, Node? right)
    {
        if (left is null || right is null) return;
        // Both listpacks' sizes less one header and end marker, less 4 more (cf. _quicklistNodeAllowMerge's "- 11").
        if (!Fits(left.Entries.Bytes + ListpackFraming + right.Entries.Bytes + ListpackFraming - 11, left.Entries.Count + right.Entries.Count)) return;
        left.Entries.AppendAll(right.Entries);
        Unlink(right);
    }

    private void LinkAfter(Node? anchor, Node node)
    {
        node.Prev = anchor;
        node.Next = anchor is null ? _head : anchor.Next;
        if (node.Prev is null) _head = node;
        else node.Prev.Next = node;
        if (node.Next is null) _tail = node;
        else node.Next.Prev = node;
        NodeCount++;
    }

    private void LinkBefore(Node? anchor, Node node)
    {
        if (anchor is null) LinkAfter(_tail, node);
        else LinkAfter(anchor.Prev, node);
    }

    private void Unlink(Node node)
    {
        if (node.Prev is null) _head = node.Next;
        else node.Prev.Next = node.Next;
        if (node.Next is null) _tail = node.Prev;
        else node.Next.Prev = node.Prev;
        node.Prev = node.Next = null;
        NodeCount--;
        Debug.Assert(NodeCount > 0 || (_head is null && _tail is null));
    }
}
