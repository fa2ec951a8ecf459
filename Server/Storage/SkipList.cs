// The ordered half of a large sorted set: a skip list with spans, so that ranks are O(log n).
// cf. zskiplist in server.h and the zsl* functions of t_zset.c (zslInsert, zslDelete,
// zslUpdateScore, zslGetRank, zslGetElementByRank, zslFirstInRange, zslLastInRange...).

using System.Diagnostics;

namespace EventLoopRedis.Storage;

/// <summary>
/// William Pugh's skip list as Redis modifies it: equal scores are allowed and ordered by member
/// bytes, every forward link records its span (how many nodes it jumps), so the rank of a node
/// is the sum of the spans walked to reach it, and level 0 is doubly linked for reverse walks.
/// Each node has 1 to 32 levels, one more with probability 1/4.
/// </summary>
internal sealed class SkipList
{
    public const int MaxLevel = 32; // ZSKIPLIST_MAXLEVEL
    private const int LevelProbability = 0xFFFF / 4; // ZSKIPLIST_P = 0.25, on 16 random bits

    public struct Level
    {
        public Node? Forward;
        public long Span;
    }

    /// <summary>
    /// A member and its score with its levels. Level 0 is a field of the node and only the levels
    /// above it are an array, which three nodes in four (those of one level) do without: 64 bytes
    /// for such a node instead of 48 plus a 40-byte array.
    /// </summary>
    public sealed class Node
    {
        public readonly byte[] Member;
        public double Score;
        public Node? Backward;
        private Level _level0;
        private readonly Level[]? _upper;

        public Node(byte[] member, double score, int levels)
        {
            Member = member;
            Score = score;
            if (levels > 1) _upper = new Level[levels - 1];
        }

        public int LevelCount => 1 + (_upper?.Length ?? 0);

        public ref Level At(int level) => ref level == 0 ? ref _level0 : ref _upper![level - 1];

        public Node? Next => _level0.Forward;

        /// <summary>Unlinks the node from every level, before it is linked again elsewhere.</summary>
        public void ClearLevels()
        {
            _level0 = default;
            if (_upper is not null) Array.Clear(_upper);
        }
    }

    private readonly Node _header = new([], 0, MaxLevel);
    private Node? _tail;
    private int _level = 1;

    // The update and rank vectors of an insertion or deletion, reused: one thread runs every command.
    [ThreadStatic] private static Node[]? t_update;
    [ThreadStatic] private static long[]? t_rank;

    public long Length { get; private set; }

    public Node? First => _header.At(0).Forward;

    public Node? Last => _tail;

    /// <summary>Inserts a member that is not present (the caller's hash table says so), cf. zslInsert.</summary>
    public Node Insert(double score, byte[] member) => Link(new Node(member, score, RandomLevel()));

    // Links a node that is in no list at its place, with the levels it has.
    private Node Link(Node node)
    {
        double score = node.Score;
        byte[] member = node.Member;
        var update = t_update ??= new Node[MaxLevel];
        var rank = t_rank ??= new long[MaxLevel];
        Node x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            rank[i] = i == _level - 1 ? 0 : rank[i + 1];
            while (x.At(i).Forward is { } next && Less(next, score, member))
            {
                rank[i] += x.At(i).Span;
                x = next;
            }
            update[i] = x;
        }
        int level = node.LevelCount;
        if (level > _level)
        {
            for (int i = _level; i < level; i++)
            {
                rank[i] = 0;
                update[i] = _header;
                update[i].At(i).Span = Length;
            }
            _level = level;
        }
        for (int i = 0; i < level; i++)
        {
            node.At(i).Forward = update[i].At(i).Forward;
            update[i].At(i).Forward = node;
            node.At(i).Span = update[i].At(i).Span - (rank[0] - rank[i]);
            update[i].At(i).Span = rank[0] - rank[i] + 1;
        }
        for (int i = level; i < _level; i++) update[i].At(i).Span++;

        node.Backward = update[0] == _header ? null : update[0];
        if (node.At(0).Forward is { } after) after.Backward = node;
        else _tail = node;
        Length++;
        Array.Clear(update);
        return node;
    }

    /// <summary>Removes the node with this score and member; false if there is none. cf. zslDelete.</summary>
    public bool Delete(double score, ReadOnlySpan<byte> member)
    {
        var update = t_update ??= new Node[MaxLevel];
        Node x = FindPredecessors(score, member, update);
        var candidate = x.At(0).Forward;
        bool found = candidate is not null && candidate.Score == score && candidate.Member.AsSpan().SequenceEqual(member);
        if (found) Unlink(candidate!, update);
        Array.Clear(update);
        return found;
    }

    /// <summary>
    /// Changes the score of <paramref name="node"/> (whose current score the caller read from it),
    /// in place when its neighbours still surround it, otherwise moving the same node. cf. zslUpdateScore.
    /// Returns the node.
    /// </summary>
    public Node UpdateScore(Node node, double newScore)
    {
        var update = t_update ??= new Node[MaxLevel];
        Node x = FindPredecessors(node.Score, node.Member, update);
        Debug.Assert(x.At(0).Forward == node);
        if ((node.Backward is null || node.Backward.Score < newScore) &&
            (node.At(0).Forward is null || node.At(0).Forward!.Score > newScore))
        {
            node.Score = newScore;
            Array.Clear(update);
            return node;
        }
        // As zslUpdateScore does, the node is reused: unlinked, rescored and linked again.
        Unlink(node, update);
        Array.Clear(update);
        node.ClearLevels();
        node.Backward = null;
        node.Score = newScore;
        return Link(node);
    }

    /// <summary>The 1-based rank of the node with this score and member, 0 if absent. cf. zslGetRank.</summary>
    public long GetRank(double score, ReadOnlySpan<byte> member)
    {
        long rank = 0;
        Node x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.At(i).Forward is { } next && Compare(next, score, member) <= 0)
            {
                rank += x.At(i).Span;
                x = next;
            }
            if (x != _header && x.Score == score && x.Member.AsSpan().SequenceEqual(member)) return rank;
        }
        return 0;
    }

    /// <summary>The node at 1-based <paramref name="rank"/>, or null. cf. zslGetElementByRank.</summary>
    public Node? GetByRank(long rank)
    {
        long traversed = 0;
        Node x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.At(i).Forward is { } next && traversed + x.At(i).Span <= rank)
            {
                traversed += x.At(i).Span;
                x = next;
            }
            if (traversed == rank) return x;
        }
        return null;
    }

    /// <summary>
    /// The 1-based rank of the first node in <paramref name="range"/>, 0 when none (cf. zslFirstInRange,
    /// zslFirstInLexRange). Without <paramref name="checkBounds"/> it skips the test that the range
    /// can hold anything at all, as zslDeleteRangeByScore and zslDeleteRangeByLex do.
    /// </summary>
    public long FirstInRange<TRange>(in TRange range, bool checkBounds = true) where TRange : struct, IZsetRange
    {
        if (checkBounds && !MayHold(range)) return 0;
        long rank = 0;
        Node x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.At(i).Forward is { } next && !range.GteMin(next.Score, next.Member))
            {
                rank += x.At(i).Span;
                x = next;
            }
        }
        return x.At(0).Forward is { } first && range.LteMax(first.Score, first.Member) ? rank + 1 : 0;
    }

    /// <summary>The 1-based rank of the last node in <paramref name="range"/>, 0 when none (cf. zslLastInRange, zslLastInLexRange).</summary>
    public long LastInRange<TRange>(in TRange range) where TRange : struct, IZsetRange
    {
        if (!MayHold(range)) return 0;
        long rank = 0;
        Node x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.At(i).Forward is { } next && range.LteMax(next.Score, next.Member))
            {
                rank += x.At(i).Span;
                x = next;
            }
        }
        return x != _header && range.GteMin(x.Score, x.Member) ? rank : 0;
    }

    // cf. zslIsInRange and zslIsInLexRange: a non-empty range reaching the first and last nodes.
    private bool MayHold<TRange>(in TRange range) where TRange : struct, IZsetRange =>
        !range.IsEmpty && _tail is not null && range.GteMin(_tail.Score, _tail.Member) && range.LteMax(First!.Score, First.Member);

    /// <summary>
    /// Removes the nodes of 1-based ranks <paramref name="start"/> to <paramref name="end"/>,
    /// and their members from <paramref name="dict"/>. cf. zslDeleteRangeByRank.
    /// </summary>
    public void DeleteRangeByRank(long start, long end, Dict<Node> dict)
    {
        var update = t_update ??= new Node[MaxLevel];
        long traversed = 0;
        Node x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.At(i).Forward is { } next && traversed + x.At(i).Span < start)
            {
                traversed += x.At(i).Span;
                x = next;
            }
            update[i] = x;
        }
        traversed++;
        Node? node = x.At(0).Forward;
        while (node is not null && traversed <= end)
        {
            Node? next = node.At(0).Forward;
            Unlink(node, update);
            dict.Remove(node.Member);
            traversed++;
            node = next;
        }
        Array.Clear(update);
    }

    // Fills update[i] with the last node at level i that sorts before (score, member); returns update[0].
    private Node FindPredecessors(double score, ReadOnlySpan<byte> member, Node[] update)
    {
        Node x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.At(i).Forward is { } next && Less(next, score, member)) x = next;
            update[i] = x;
        }
        return x;
    }

    // cf. zslDeleteNode: unlinks node, whose predecessors at each level are in update.
    private void Unlink(Node node, Node[] update)
    {
        for (int i = 0; i < _level; i++)
        {
            if (update[i].At(i).Forward == node)
            {
                update[i].At(i).Span += node.At(i).Span - 1;
                update[i].At(i).Forward = node.At(i).Forward;
            }
            else
            {
                update[i].At(i).Span -= 1;
            }
        }
        if (node.At(0).Forward is { } after) after.Backward = node.Backward;
        else _tail = node.Backward;
        while (_level > 1 && _header.At(_level - 1).Forward is null) _level--;
        Length--;
    }

    private static bool Less(Node node, double score, ReadOnlySpan<byte> member) =>
        node.Score < score || (node.Score == score && node.Member.AsSpan().SequenceCompareTo(member) < 0);

    private static int Compare(Node node, double score, ReadOnlySpan<byte> member) =>
        ZsetListpack.Compare(node.Score, node.Member, score, member);

    // cf. zslRandomLevel: each further level with probability 1/4, on 16 random bits.
    private static int RandomLevel()
    {
        int level = 1;
        while ((Random.Shared.Next() & 0xFFFF) < LevelProbability) level++;
        return Math.Min(level, MaxLevel);
    }
}
