// A sorted set value: the type API the commands see, over its two encodings.
// cf. the "Common sorted set API" part of t_zset.c (zsetAdd, zsetRemoveFromSkiplist, zsetScore,
// zsetRank, zsetConvert, zsetConvertToListpackIfNeeded, zsetLength) and zset in server.h.

using System.Diagnostics;
using EventLoopRedis.Util;

namespace EventLoopRedis.Storage;

/// <summary>The two thresholds of the compact encoding: zset-max-listpack-entries and zset-max-listpack-value.</summary>
internal readonly record struct ZsetLimits(long MaxListpackEntries, long MaxListpackValue);

/// <summary>ZADD's conditions (cf. ZADD_IN_*).</summary>
[Flags]
internal enum ZAddFlags
{
    None = 0,
    Incr = 1,
    Nx = 2,
    Xx = 4,
    Gt = 8,
    Lt = 16,
}

/// <summary>What an add did (cf. ZADD_OUT_*): NaN means the score (after INCR) was not a number and nothing changed.</summary>
internal enum ZAddResult
{
    Nop,
    Added,
    Updated,
    Unchanged,
    NaN,
}

/// <summary>
/// A sorted set: members (byte strings) ordered by score, then by member bytes. Small sets are a
/// <see cref="ZsetListpack"/>; a set that grows past zset-max-listpack-entries, or gets a member
/// longer than zset-max-listpack-value, becomes a <see cref="SkipList"/> beside a
/// <see cref="Dict{TValue}"/> from member to skip list node (for O(1) scores and O(log n) ranks),
/// and stays one, as in Redis. Ranks here are 0-based, lowest score first.
/// </summary>
internal sealed class SortedSet : IScannableCollection
{
    private ZsetListpack? _listpack;
    private SkipList? _skiplist;
    private Dict<SkipList.Node>? _dict;

    /// <summary>The member-to-node table, or null while the set is a listpack (DEBUG HTSTATS-KEY).</summary>
    public Dict<SkipList.Node>? HashTable => _dict;

    private SortedSet(ZsetListpack? listpack, SkipList? skiplist, Dict<SkipList.Node>? dict)
    {
        _listpack = listpack;
        _skiplist = skiplist;
        _dict = dict;
    }

    /// <summary>
    /// An empty set for ZADD to fill, compact unless the thresholds rule it out for its first
    /// member (cf. the creation in zaddGenericCommand).
    /// </summary>
    public static SortedSet Create(ZsetLimits limits, long firstMemberLength) =>
        limits.MaxListpackEntries == 0 || firstMemberLength > limits.MaxListpackValue ? CreateSkiplist() : CreateListpack();

    /// <summary>An empty compact set (cf. createZsetListpackObject).</summary>
    public static SortedSet CreateListpack() => new(new ZsetListpack(), null, null);

    /// <summary>An empty skip list set (cf. createZsetObject), as the store commands build their results.</summary>
    public static SortedSet CreateSkiplist() => new(null, new SkipList(), new Dict<SkipList.Node>());

    public long Count => _listpack?.Count ?? _skiplist!.Length;

    public ObjectEncoding Encoding => _listpack is not null ? ObjectEncoding.Listpack : ObjectEncoding.Skiplist;

    public ICollectionValue Duplicate()
    {
        if (_listpack is not null) return new SortedSet(_listpack.Duplicate(), null, null);
        var copy = CreateSkiplist();
        for (var node = _skiplist!.First; node is not null; node = node.Next) copy.InsertNew(node.Member.ToArray(), node.Score);
        return copy;
    }

    // ---- members and scores ------------------------------------------------------

    /// <summary>The score of <paramref name="member"/>, false if it is absent (cf. zsetScore).</summary>
    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        if (_listpack is not null)
        {
            int i = _listpack.IndexOf(member);
            score = i >= 0 ? _listpack.ScoreAt(i) : 0;
            return i >= 0;
        }
        bool found = _dict!.TryGetValue(member, out var node);
        score = found ? node!.Score : 0;
        return found;
    }

    /// <summary>
    /// Adds or updates <paramref name="member"/> as ZADD and ZINCRBY do (cf. zsetAdd): NX, XX,
    /// GT, LT and INCR as in <paramref name="flags"/>, converting to a skip list first when the
    /// new member would pass <paramref name="limits"/>. <paramref name="newScore"/> is the score
    /// the member has afterwards when it was added or its score was decided (even if unchanged).
    /// </summary>
    public ZAddResult Add(ReadOnlySpan<byte> member, double score, ZAddFlags flags, ZsetLimits limits, out double newScore)
    {
        newScore = 0;
        if (double.IsNaN(score)) return ZAddResult.NaN;
        bool present = TryGetScore(member, out double current);
        if (present)
        {
            if ((flags & ZAddFlags.Nx) != 0) return ZAddResult.Nop;
            if ((flags & ZAddFlags.Incr) != 0)
            {
                score += current;
                if (double.IsNaN(score)) return ZAddResult.NaN;
            }
            if (((flags & ZAddFlags.Lt) != 0 && score >= current) || ((flags & ZAddFlags.Gt) != 0 && score <= current))
                return ZAddResult.Nop;
            newScore = score;
            if (score == current) return ZAddResult.Unchanged;
            if (_listpack is not null)
            {
                int i = _listpack.IndexOf(member);
                var stored = _listpack.MemberAt(i);
                _listpack.RemoveRange(i, 1);
                _listpack.Insert(stored, score);
            }
            else
            {
                ref var node = ref _dict!.GetValueRefOrNullRef(member);
                node = _skiplist!.UpdateScore(node, score);
            }
            return ZAddResult.Updated;
        }
        if ((flags & ZAddFlags.Xx) != 0) return ZAddResult.Nop;
        if (_listpack is not null &&
            (_listpack.Count + 1 > limits.MaxListpackEntries || member.Length > limits.MaxListpackValue))
            ConvertToSkiplist();
        InsertNew(member.ToArray(), score);
        newScore = score;
        return ZAddResult.Added;
    }

    /// <summary>
    /// Adds a member known to be absent, with no threshold check: for building a result set,
    /// which is then given the right encoding by <see cref="ConvertToListpackIfNeeded"/>.
    /// </summary>
    public void InsertNew(byte[] member, double score)
    {
        if (_listpack is not null)
        {
            _listpack.Insert(member, score);
            return;
        }
        var node = _skiplist!.Insert(score, member);
        _dict!.TryAdd(member, node);
    }

    /// <summary>Removes <paramref name="member"/>; false if it was absent (cf. zsetDel).</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (_listpack is not null)
        {
            int i = _listpack.IndexOf(member);
            if (i < 0) return false;
            _listpack.RemoveRange(i, 1);
            return true;
        }
        if (!_dict!.Remove(member, out _, out var node)) return false;
        _skiplist!.Delete(node.Score, node.Member);
        return true;
    }

    /// <summary>The 0-based rank of <paramref name="member"/> (from the highest score when <paramref name="reverse"/>), -1 if absent. cf. zsetRank.</summary>
    public long Rank(ReadOnlySpan<byte> member, bool reverse)
    {
        long rank;
        if (_listpack is not null) rank = _listpack.IndexOf(member);
        else rank = _dict!.TryGetValue(member, out var node) ? _skiplist!.GetRank(node.Score, node.Member) - 1 : -1;
        return rank < 0 || !reverse ? rank : Count - 1 - rank;
    }

    // ---- ranges ------------------------------------------------------------------

    /// <summary>
    /// The rank of the first member in <paramref name="range"/>, -1 if none (cf. zzlFirstInRange,
    /// zslFirstInRange, and their Lex forms). <paramref name="forRemoval"/> gives where
    /// ZREMRANGEBYSCORE and ZREMRANGEBYLEX start, which in a skip list skips the emptiness test.
    /// By member, in a set whose scores differ the members are not in lexicographic order and the
    /// answer is as arbitrary as Redis's: the compact encoding scans from the start, the skip list
    /// descends its levels.
    /// </summary>
    public long FirstInRange<TRange>(in TRange range, bool forRemoval = false) where TRange : struct, IZsetRange
    {
        if (_skiplist is not null) return _skiplist.FirstInRange(range, checkBounds: !forRemoval) - 1;
        var lp = _listpack!;
        if (!ListpackMayHold(range)) return -1;
        for (int i = 0; i < lp.Count; i++)
        {
            if (range.GteMin(lp.ScoreAt(i), lp.MemberAt(i))) return range.LteMax(lp.ScoreAt(i), lp.MemberAt(i)) ? i : -1;
        }
        return -1;
    }

    /// <summary>The rank of the last member in <paramref name="range"/>, -1 if none (cf. zzlLastInRange, zslLastInRange, and their Lex forms).</summary>
    public long LastInRange<TRange>(in TRange range) where TRange : struct, IZsetRange
    {
        if (_skiplist is not null) return _skiplist.LastInRange(range) - 1;
        var lp = _listpack!;
        if (!ListpackMayHold(range)) return -1;
        for (int i = lp.Count - 1; i >= 0; i--)
        {
            if (range.LteMax(lp.ScoreAt(i), lp.MemberAt(i))) return range.GteMin(lp.ScoreAt(i), lp.MemberAt(i)) ? i : -1;
        }
        return -1;
    }

    /// <summary>
    /// How many members are in <paramref name="range"/> (ZCOUNT, ZLEXCOUNT): a compact set counts
    /// from the first one while they stay in range, a skip list subtracts the ranks of the first
    /// and the last, as Redis does in each encoding.
    /// </summary>
    public long CountInRange<TRange>(in TRange range) where TRange : struct, IZsetRange
    {
        long first = FirstInRange(range);
        if (first < 0) return 0;
        if (_skiplist is not null) return LastInRange(range) - first + 1;
        long count = 0;
        for (long i = first; i < _listpack!.Count && range.LteMax(_listpack.ScoreAt((int)i), _listpack.MemberAt((int)i)); i++) count++;
        return count;
    }

    // cf. zzlIsInRange and zzlIsInLexRange.
    private bool ListpackMayHold<TRange>(in TRange range) where TRange : struct, IZsetRange
    {
        var lp = _listpack!;
        int last = lp.Count - 1;
        return !range.IsEmpty && lp.Count > 0 && range.GteMin(lp.ScoreAt(last), lp.MemberAt(last)) && range.LteMax(lp.ScoreAt(0), lp.MemberAt(0));
    }

    /// <summary>Removes the members of 0-based ranks <paramref name="start"/> to <paramref name="end"/> (cf. zzlDeleteRangeByRank, zslDeleteRangeByRank).</summary>
    public void RemoveRange(long start, long end)
    {
        Debug.Assert(0 <= start && start <= end && end < Count);
        if (_listpack is not null) _listpack.RemoveRange((int)start, (int)(end - start + 1));
        else _skiplist!.DeleteRangeByRank(start + 1, end + 1, _dict!);
    }

    /// <summary>
    /// A cursor over the members from 0-based <paramref name="rank"/> on, towards higher scores
    /// or, when <paramref name="reverse"/>, lower ones. Start it with <see cref="Cursor.MoveNext"/>.
    /// The set must not change while it is in use.
    /// </summary>
    public Cursor IterateFrom(long rank, bool reverse)
    {
        if (_listpack is not null) return new Cursor(_listpack, null, (int)rank, reverse);
        return new Cursor(null, rank >= 0 && rank < Count ? _skiplist!.GetByRank(rank + 1) : null, 0, reverse);
    }

    /// <summary>Walks a sorted set in order from some rank (cf. zzlNext/zzlPrev and the level-0 links).</summary>
    public struct Cursor
    {
        private readonly ZsetListpack? _listpack;
        private SkipList.Node? _next;
        private int _index;
        private readonly bool _reverse;
        private bool _started;

        internal Cursor(ZsetListpack? listpack, SkipList.Node? start, int index, bool reverse)
        {
            _listpack = listpack;
            _next = start;
            _index = index;
            _reverse = reverse;
            Member = [];
        }

        public byte[] Member { get; private set; }
        public double Score { get; private set; }

        public bool MoveNext()
        {
            if (_listpack is not null)
            {
                if (_started) _index += _reverse ? -1 : 1;
                _started = true;
                if (_index < 0 || _index >= _listpack.Count) return false;
                Member = _listpack.MemberAt(_index);
                Score = _listpack.ScoreAt(_index);
                return true;
            }
            if (_next is null) return false;
            Member = _next.Member;
            Score = _next.Score;
            _next = _reverse ? _next.Backward : _next.Next;
            return true;
        }
    }

    // ---- encodings ---------------------------------------------------------------

    /// <summary>
    /// Turns a skip list set back into the compact encoding when it fits the thresholds, as
    /// Redis does for the results of ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE and ZRANGESTORE
    /// (cf. zsetConvertToListpackIfNeeded).
    /// </summary>
    public void ConvertToListpackIfNeeded(ZsetLimits limits, long maxMemberLength)
    {
        if (_listpack is not null || _skiplist!.Length > limits.MaxListpackEntries || maxMemberLength > limits.MaxListpackValue) return;
        var listpack = new ZsetListpack((int)Math.Max(_skiplist.Length, 1));
        for (var node = _skiplist.First; node is not null; node = node.Next) listpack.Append(node.Member, node.Score);
        _listpack = listpack;
        _skiplist = null;
        _dict = null;
    }

    /// <summary>
    /// Moves a compact set to the skip list encoding for good (cf. zsetConvert(zobj,
    /// OBJ_ENCODING_SKIPLIST)); SORT does this to every sorted set it reads. No-op for a skip list set.
    /// </summary>
    public void ConvertToSkiplist()
    {
        if (_listpack is null) return;
        var listpack = _listpack;
        _skiplist = new SkipList();
        _dict = new Dict<SkipList.Node>();
        _listpack = null;
        for (int i = 0; i < listpack.Count; i++) InsertNew(listpack.MemberAt(i), listpack.ScoreAt(i));
    }

    // ---- ZSCAN -------------------------------------------------------------------

    [ThreadStatic] private static List<byte[]>? t_scanTarget;
    private static readonly Action<byte[], SkipList.Node> CollectPair = (member, node) =>
    {
        t_scanTarget!.Add(member);
        t_scanTarget.Add(FormatScore(node.Score, listpack: false));
    };

    /// <summary>
    /// A compact set is returned whole with cursor 0, each score as its listpack entry reads
    /// (an integer for an integral score); a skip list set walks its hash table like SCAN, with
    /// "%.17g" scores. cf. scanGenericCommand and scanCallback.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<byte[]> into)
    {
        if (_listpack is not null)
        {
            for (int i = 0; i < _listpack.Count; i++)
            {
                into.Add(_listpack.MemberAt(i));
                into.Add(FormatScore(_listpack.ScoreAt(i), listpack: true));
            }
            return 0;
        }
        t_scanTarget = into;
        long bucketsLeft = unchecked(count * 10);
        do
        {
            cursor = _dict!.Scan(cursor, CollectPair);
        } while (cursor != 0 && bucketsLeft-- != 0 && into.Count < count * 2);
        t_scanTarget = null;
        return cursor;
    }

    private static byte[] FormatScore(double score, bool listpack)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFormattedLength];
        return text[..(listpack ? Doubles.FormatAsListpackScore(score, text) : Doubles.Format(score, text))].ToArray();
    }
}
