// Sorted set commands: ZADD and friends, ranges by rank, score and lexicographic order, pops,
// random members, and the union, intersection and difference of several sets.
// cf. the commands part of t_zset.c (zaddGenericCommand, zrangeGenericCommand, zremrangeGenericCommand,
// genericZpopCommand, zrandmemberWithCountCommand, zunionInterDiffGenericCommand...).

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;
using EventLoopRedis.Util;

namespace EventLoopRedis.Commands;

internal static class SortedSetCommands
{
    private static ZsetLimits Limits(Client client) =>
        new(client.Server.Config.ZsetMaxListpackEntries, client.Server.Config.ZsetMaxListpackValue);

    private static bool TryLookup(Client client, ReadOnlySpan<byte> key, out RedisObject? value, bool forWrite = false) =>
        KeyLookup.TryLookup(client, key, RedisType.ZSet, out value, forWrite);

    /// <summary>
    /// Looks a set up for a command that changes it, replying 0 when the key is missing (cf.
    /// lookupKeyWriteOrReply with shared.czero); false when the command is done.
    /// </summary>
    private static bool TryLookupForWriteOrZero(Client client, ReadOnlySpan<byte> key, [NotNullWhen(true)] out RedisObject? value)
    {
        if (!TryLookup(client, key, out value, forWrite: true)) return false;
        if (value is not null) return true;
        client.Reply.Integer(0);
        return false;
    }

    /// <summary>A score as addReplyDouble writes it: "%.17g" in a bulk string (RESP2) or a double (RESP3).</summary>
    private static void ReplyScore(Client client, double score)
    {
        Span<byte> text = stackalloc byte[Doubles.MaxFormattedLength];
        client.Reply.Double(text[..Doubles.Format(score, text)]);
    }

    /// <summary>The null array: <c>*-1</c> in RESP2, <c>_</c> in RESP3 (cf. addReplyNullArray).</summary>
    private static void ReplyNullArray(Client client) =>
        client.Reply.Raw(client.Reply.Protocol == 3 ? "_\r\n"u8 : "*-1\r\n"u8);

    // ---- adding, removing, reading members ------------------------------------------

    /// <summary>
    /// Format: <c>ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]</c>.
    /// Replies how many members were added (with CH: added or changed), or with INCR the new score
    /// (null when a condition stopped it).
    /// </summary>
    public static void ZAdd(Client client) => AddGeneric(client, ZAddFlags.None);

    /// <summary>Format: <c>ZINCRBY key increment member</c>. Replies the new score.</summary>
    public static void ZIncrBy(Client client) => AddGeneric(client, ZAddFlags.Incr);

    /// <summary>cf. zaddGenericCommand: every score is parsed before anything changes, so the command applies fully or not at all.</summary>
    private static void AddGeneric(Client client, ZAddFlags flags)
    {
        var args = client.Args;
        bool ch = false;
        int scoreIdx = 2;
        for (; scoreIdx < args.Count; scoreIdx++)
        {
            if (args.IsOption(scoreIdx, "NX"u8)) flags |= ZAddFlags.Nx;
            else if (args.IsOption(scoreIdx, "XX"u8)) flags |= ZAddFlags.Xx;
            else if (args.IsOption(scoreIdx, "CH"u8)) ch = true;
            else if (args.IsOption(scoreIdx, "INCR"u8)) flags |= ZAddFlags.Incr;
            else if (args.IsOption(scoreIdx, "GT"u8)) flags |= ZAddFlags.Gt;
            else if (args.IsOption(scoreIdx, "LT"u8)) flags |= ZAddFlags.Lt;
            else break;
        }
        int elements = args.Count - scoreIdx;
        if (elements % 2 != 0 || elements == 0)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        elements /= 2;
        bool incr = (flags & ZAddFlags.Incr) != 0, nx = (flags & ZAddFlags.Nx) != 0, xx = (flags & ZAddFlags.Xx) != 0;
        bool gt = (flags & ZAddFlags.Gt) != 0, lt = (flags & ZAddFlags.Lt) != 0;
        if (nx && xx)
        {
            client.Reply.Error(Errors.ZAddNxAndXx);
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            client.Reply.Error(Errors.ZAddGtLtNx);
            return;
        }
        if (incr && elements > 1)
        {
            client.Reply.Error(Errors.ZAddIncrPairs);
            return;
        }
        for (int j = 0; j < elements; j++)
        {
            if (!Doubles.TryParse(args[scoreIdx + j * 2], out _))
            {
                client.Reply.Error(Errors.NotFloat);
                return;
            }
        }

        var key = args[1];
        if (!TryLookup(client, key, out var value, forWrite: true)) return;
        int added = 0, updated = 0, processed = 0;
        double score = 0;
        if (value is null && !xx)
        {
            value = RedisObject.Collection(RedisType.ZSet, SortedSet.Create(Limits(client), args[scoreIdx + 1].Length));
            client.Db.Set(key, value);
        }
        if (value is not null)
        {
            var zset = value.As<SortedSet>();
            var limits = Limits(client);
            for (int j = 0; j < elements; j++)
            {
                Doubles.TryParse(args[scoreIdx + j * 2], out double input);
                var result = zset.Add(args[scoreIdx + 1 + j * 2], input, flags, limits, out double newScore);
                if (result == ZAddResult.NaN)
                {
                    client.Reply.Error(Errors.ScoreNaN);
                    if (added + updated > 0) Added(client, key, value!, incr, added + updated);
                    return;
                }
                if (result == ZAddResult.Added) added++;
                if (result == ZAddResult.Updated) updated++;
                if (result != ZAddResult.Nop) processed++;
                score = newScore;
            }
        }
        if (incr)
        {
            if (processed > 0) ReplyScore(client, score);
            else client.Reply.NullBulk();
        }
        else
        {
            client.Reply.Integer(ch ? added + updated : added);
        }
        if (added + updated > 0) Added(client, key, value!, incr, added + updated);
    }

    /// <summary>ZADD or ZINCRBY changed members: the key changed, and its event (cf. the cleanup of zaddGenericCommand).</summary>
    private static void Added(Client client, ReadOnlySpan<byte> key, RedisObject value, bool incr, int changed)
    {
        client.Db.SignalModified(key, value);
        client.Server.Dirty += changed;
        KeyspaceEvents.Notify(client, NotifyClass.Zset, incr ? "zincr"u8 : "zadd"u8, key);
    }

    /// <summary>Members were removed: the command's event, and "del" when that emptied (and deleted) the key.</summary>
    private static void Removed(Client client, ReadOnlySpan<byte> key, ReadOnlySpan<byte> notification, bool keyRemoved)
    {
        KeyspaceEvents.Notify(client, NotifyClass.Zset, notification, key);
        if (keyRemoved) KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, key);
    }

    /// <summary>The end of every *STORE with an empty result: a destination that existed is deleted.</summary>
    private static void DeleteEmptyDestination(Client client, ReadOnlySpan<byte> destination)
    {
        if (!client.Db.Delete(destination)) return;
        client.Db.SignalModified(destination);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, destination);
    }

    /// <summary>Format: <c>ZREM key member [member ...]</c>. Replies how many members were removed.</summary>
    public static void ZRem(Client client)
    {
        var args = client.Args;
        var key = args[1];
        if (!TryLookupForWriteOrZero(client, key, out var value)) return;
        var zset = value.As<SortedSet>();
        int deleted = 0;
        bool keyRemoved = false;
        for (int j = 2; j < args.Count; j++)
        {
            if (zset.Remove(args[j])) deleted++;
            // The set is gone once empty: the remaining members cannot be in it.
            if (keyRemoved = KeyLookup.DeleteIfEmpty(client, key, value)) break;
        }
        if (deleted > 0)
        {
            Removed(client, key, "zrem"u8, keyRemoved);
            client.Db.SignalModified(key);
            client.Server.Dirty += deleted;
        }
        client.Reply.Integer(deleted);
    }

    /// <summary>Format: <c>ZCARD key</c>. Replies the number of members, 0 for a missing key.</summary>
    public static void ZCard(Client client)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        client.Reply.Integer(value is null ? 0 : value.As<SortedSet>().Count);
    }

    /// <summary>Format: <c>ZSCORE key member</c>. Replies the score, or null.</summary>
    public static void ZScore(Client client)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        if (value is not null && value.As<SortedSet>().TryGetScore(client.Args[2], out double score)) ReplyScore(client, score);
        else client.Reply.NullBulk();
    }

    /// <summary>Format: <c>ZMSCORE key member [member ...]</c>. Replies the score of each member, null for absent ones.</summary>
    public static void ZMScore(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value)) return;
        var zset = value?.As<SortedSet>();
        client.Reply.ArrayHeader(args.Count - 2);
        for (int j = 2; j < args.Count; j++)
        {
            if (zset is not null && zset.TryGetScore(args[j], out double score)) ReplyScore(client, score);
            else client.Reply.NullBulk();
        }
    }

    /// <summary>Format: <c>ZRANK key member</c>. Replies the 0-based rank by ascending score, or null.</summary>
    public static void ZRank(Client client) => RankGeneric(client, reverse: false);

    /// <summary>Format: <c>ZREVRANK key member</c>. Replies the 0-based rank by descending score, or null.</summary>
    public static void ZRevRank(Client client) => RankGeneric(client, reverse: true);

    private static void RankGeneric(Client client, bool reverse)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        long rank = value is null ? -1 : value.As<SortedSet>().Rank(client.Args[2], reverse);
        if (rank >= 0) client.Reply.Integer(rank);
        else client.Reply.NullBulk();
    }

    /// <summary>Format: <c>ZCOUNT key min max</c>. Replies how many members have a score in [min, max].</summary>
    public static void ZCount(Client client)
    {
        if (TryParseScoreRange(client.Args[2], client.Args[3], out var range)) ReplyCount(client, range);
        else client.Reply.Error(Errors.MinMaxNotFloat);
    }

    /// <summary>Format: <c>ZLEXCOUNT key min max</c>. Replies how many members are in the lexicographic range.</summary>
    public static void ZLexCount(Client client)
    {
        if (TryParseLexRange(client.Args[2], client.Args[3], out var range)) ReplyCount(client, range);
        else client.Reply.Error(Errors.MinMaxNotLexRange);
    }

    private static void ReplyCount<TRange>(Client client, in TRange range) where TRange : struct, IZsetRange
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        client.Reply.Integer(value is null ? 0 : value.As<SortedSet>().CountInRange(range));
    }

    // ---- ranges ----------------------------------------------------------------------

    private enum RangeType { Auto, Rank, Score, Lex }

    /// <summary>
    /// Format: <c>ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]</c>.
    /// Replies the members in the range (with their scores when asked).
    /// </summary>
    public static void ZRange(Client client) => RangeGeneric(client, 1, store: false, RangeType.Auto, reverse: null);

    /// <summary>Format: <c>ZREVRANGE key start stop [WITHSCORES]</c>.</summary>
    public static void ZRevRange(Client client) => RangeGeneric(client, 1, store: false, RangeType.Rank, reverse: true);

    /// <summary>Format: <c>ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]</c>.</summary>
    public static void ZRangeByScore(Client client) => RangeGeneric(client, 1, store: false, RangeType.Score, reverse: false);

    /// <summary>Format: <c>ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]</c>.</summary>
    public static void ZRevRangeByScore(Client client) => RangeGeneric(client, 1, store: false, RangeType.Score, reverse: true);

    /// <summary>Format: <c>ZRANGEBYLEX key min max [LIMIT offset count]</c>.</summary>
    public static void ZRangeByLex(Client client) => RangeGeneric(client, 1, store: false, RangeType.Lex, reverse: false);

    /// <summary>Format: <c>ZREVRANGEBYLEX key max min [LIMIT offset count]</c>.</summary>
    public static void ZRevRangeByLex(Client client) => RangeGeneric(client, 1, store: false, RangeType.Lex, reverse: true);

    /// <summary>
    /// Format: <c>ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]</c>.
    /// Stores the range as a new sorted set at dst (deleting dst when it is empty) and replies its size.
    /// </summary>
    public static void ZRangeStore(Client client) => RangeGeneric(client, 2, store: true, RangeType.Auto, reverse: null);

    // The members and scores of a range, collected before the reply so that its length is known
    // (Redis defers the length instead); reused by every call, as only one command runs at a time.
    private static readonly List<byte[]> RangeMembers = new();
    private static readonly List<double> RangeScores = new();
    private const int MaxRetainedRange = 1024;

    /// <summary>cf. zrangeGenericCommand: the options are parsed, then the range, then the key is read.</summary>
    private static void RangeGeneric(Client client, int keyIdx, bool store, RangeType type, bool? reverse)
    {
        var args = client.Args;
        int minIdx = keyIdx + 1, maxIdx = keyIdx + 2;
        bool withScores = false;
        long offset = 0, limit = -1;
        for (int j = keyIdx + 3; j < args.Count; j++)
        {
            int left = args.Count - j - 1;
            if (!store && args.IsOption(j, "WITHSCORES"u8)) withScores = true;
            else if (args.IsOption(j, "LIMIT"u8) && left >= 2)
            {
                if (!Numbers.TryParseLong(args[j + 1], out offset) || !Numbers.TryParseLong(args[j + 2], out limit))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                j += 2;
            }
            else if (reverse is null && args.IsOption(j, "REV"u8)) reverse = true;
            else if (type == RangeType.Auto && args.IsOption(j, "BYLEX"u8)) type = RangeType.Lex;
            else if (type == RangeType.Auto && args.IsOption(j, "BYSCORE"u8)) type = RangeType.Score;
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        bool rev = reverse ?? false;
        if (type == RangeType.Auto) type = RangeType.Rank;
        if (limit != -1 && type == RangeType.Rank)
        {
            client.Reply.Error(Errors.ZRangeLimitNeedsBy);
            return;
        }
        if (withScores && type == RangeType.Lex)
        {
            client.Reply.Error(Errors.ZRangeWithScoresByLex);
            return;
        }
        if (rev && type != RangeType.Rank) (minIdx, maxIdx) = (maxIdx, minIdx);

        long start = 0, end = 0;
        ScoreRange scoreRange = default;
        LexRange lexRange = default;
        switch (type)
        {
            case RangeType.Rank:
                if (!Numbers.TryParseLong(args[minIdx], out start) || !Numbers.TryParseLong(args[maxIdx], out end))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                break;
            case RangeType.Score:
                if (!TryParseScoreRange(args[minIdx], args[maxIdx], out scoreRange))
                {
                    client.Reply.Error(Errors.MinMaxNotFloat);
                    return;
                }
                break;
            default:
                if (!TryParseLexRange(args[minIdx], args[maxIdx], out lexRange))
                {
                    client.Reply.Error(Errors.MinMaxNotLexRange);
                    return;
                }
                break;
        }

        if (!TryLookup(client, args[keyIdx], out var value)) return;
        long lengthHint = -1;
        if (value is not null)
        {
            var zset = value.As<SortedSet>();
            if (type == RangeType.Rank) lengthHint = CollectRankRange(zset, start, end, rev);
            else if (type == RangeType.Score) CollectRange(zset, scoreRange, offset, limit, rev);
            else CollectRange(zset, lexRange, offset, limit, rev);
        }
        if (store) StoreRange(client, args[1], lengthHint);
        else ReplyRange(client, withScores);
    }

    /// <summary>cf. genericZrangebyrankCommand: negative indexes count from the end; returns the range's length.</summary>
    private static long CollectRankRange(SortedSet zset, long start, long end, bool reverse)
    {
        long length = zset.Count;
        if (start < 0) start = length + start;
        if (end < 0) end = length + end;
        if (start < 0) start = 0;
        if (start > end || start >= length) return 0;
        if (end >= length) end = length - 1;
        long count = end - start + 1;
        var cursor = zset.IterateFrom(reverse ? length - 1 - start : start, reverse);
        for (long i = 0; i < count && cursor.MoveNext(); i++) Collect(cursor.Member, cursor.Score);
        return count;
    }

    /// <summary>
    /// cf. genericZrangebyscoreCommand and genericZrangebylexCommand: from the first member in
    /// range (the last when reversed), skip offset members, then take up to limit (negative: all)
    /// while they stay in range. A negative offset selects nothing.
    /// </summary>
    private static void CollectRange<TRange>(SortedSet zset, in TRange range, long offset, long limit, bool reverse)
        where TRange : struct, IZsetRange
    {
        if (offset < 0 || (offset > 0 && offset >= zset.Count)) return;
        long first = reverse ? zset.LastInRange(range) : zset.FirstInRange(range);
        if (first < 0) return;
        var cursor = zset.IterateFrom(first, reverse);
        while (offset > 0 && cursor.MoveNext()) offset--;
        while (limit-- != 0 && cursor.MoveNext())
        {
            if (reverse ? !range.GteMin(cursor.Score, cursor.Member) : !range.LteMax(cursor.Score, cursor.Member)) break;
            Collect(cursor.Member, cursor.Score);
        }
    }

    private static void Collect(byte[] member, double score)
    {
        RangeMembers.Add(member);
        RangeScores.Add(score);
    }

    private static void ClearCollected()
    {
        RangeMembers.Clear();
        RangeScores.Clear();
        if (RangeMembers.Capacity > MaxRetainedRange)
        {
            RangeMembers.Capacity = MaxRetainedRange;
            RangeScores.Capacity = MaxRetainedRange;
        }
    }

    /// <summary>
    /// Replies the collected members: a flat array of member, score in RESP2, an array of
    /// [member, score] pairs in RESP3 (cf. zrangeResultEmitCBufferToClient).
    /// </summary>
    private static void ReplyRange(Client client, bool withScores)
    {
        int count = RangeMembers.Count;
        bool pairs = withScores && client.Reply.Protocol == 3;
        client.Reply.ArrayHeader(withScores && !pairs ? count * 2L : count);
        for (int i = 0; i < count; i++)
        {
            if (pairs) client.Reply.ArrayHeader(2);
            client.Reply.Bulk(RangeMembers[i]);
            if (withScores) ReplyScore(client, RangeScores[i]);
        }
        ClearCollected();
    }

    /// <summary>
    /// ZRANGESTORE's result: a compact set when the rank range is short enough, growing into a
    /// skip list as members are added, exactly as zsetAdd would (cf. zrangeResultBeginStore and
    /// zrangeResultFinalizeStore). An empty result deletes the destination.
    /// </summary>
    private static void StoreRange(Client client, ReadOnlySpan<byte> destination, long lengthHint)
    {
        int count = RangeMembers.Count;
        if (count == 0)
        {
            client.Reply.Integer(0);
            DeleteEmptyDestination(client, destination);
            ClearCollected();
            return;
        }
        var limits = Limits(client);
        var zset = lengthHint > limits.MaxListpackEntries ? SortedSet.CreateSkiplist() : SortedSet.CreateListpack();
        for (int i = 0; i < count; i++) zset.Add(RangeMembers[i], RangeScores[i], ZAddFlags.None, limits, out _);
        client.Db.Set(destination, RedisObject.Collection(RedisType.ZSet, zset));
        client.Db.SignalModified(destination);
        client.Server.Dirty++;
        client.Reply.Integer(count);
        KeyspaceEvents.Notify(client, NotifyClass.Zset, "zrangestore"u8, destination);
        ClearCollected();
    }

    // ---- removing ranges --------------------------------------------------------------

    /// <summary>Format: <c>ZREMRANGEBYRANK key start stop</c>. Replies how many members were removed.</summary>
    public static void ZRemRangeByRank(Client client) => RemoveRangeGeneric(client, RangeType.Rank);

    /// <summary>Format: <c>ZREMRANGEBYSCORE key min max</c>. Replies how many members were removed.</summary>
    public static void ZRemRangeByScore(Client client) => RemoveRangeGeneric(client, RangeType.Score);

    /// <summary>Format: <c>ZREMRANGEBYLEX key min max</c>. Replies how many members were removed.</summary>
    public static void ZRemRangeByLex(Client client) => RemoveRangeGeneric(client, RangeType.Lex);

    /// <summary>cf. zremrangeGenericCommand.</summary>
    private static void RemoveRangeGeneric(Client client, RangeType type)
    {
        var args = client.Args;
        long start = 0, end = 0;
        ScoreRange scoreRange = default;
        LexRange lexRange = default;
        if (type == RangeType.Rank)
        {
            if (!Numbers.TryParseLong(args[2], out start) || !Numbers.TryParseLong(args[3], out end))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
        }
        else if (type == RangeType.Score)
        {
            if (!TryParseScoreRange(args[2], args[3], out scoreRange))
            {
                client.Reply.Error(Errors.MinMaxNotFloat);
                return;
            }
        }
        else if (!TryParseLexRange(args[2], args[3], out lexRange))
        {
            client.Reply.Error(Errors.MinMaxNotLexRange);
            return;
        }

        var key = args[1];
        if (!TryLookupForWriteOrZero(client, key, out var value)) return;
        var zset = value.As<SortedSet>();
        long length = zset.Count;
        if (type == RangeType.Rank)
        {
            if (start < 0) start = length + start;
            if (end < 0) end = length + end;
            if (start < 0) start = 0;
            if (start > end || start >= length)
            {
                client.Reply.Integer(0);
                return;
            }
            if (end >= length) end = length - 1;
        }
        else
        {
            start = type == RangeType.Score ? FirstToRemove(zset, scoreRange, out end) : FirstToRemove(zset, lexRange, out end);
        }
        long deleted = end - start + 1;
        if (deleted > 0)
        {
            zset.RemoveRange(start, end);
            bool keyRemoved = KeyLookup.DeleteIfEmpty(client, key, value);
            client.Db.SignalModified(key);
            client.Server.Dirty += deleted;
            Removed(client, key, type == RangeType.Rank ? "zremrangebyrank"u8
                : type == RangeType.Score ? "zremrangebyscore"u8 : "zremrangebylex"u8, keyRemoved);
        }
        client.Reply.Integer(Math.Max(deleted, 0));
    }

    /// <summary>Where ZREMRANGEBYSCORE/LEX start, and the last rank they remove (before start when none): cf. zslDeleteRangeByScore.</summary>
    private static long FirstToRemove<TRange>(SortedSet zset, in TRange range, out long end) where TRange : struct, IZsetRange
    {
        long start = zset.FirstInRange(range, forRemoval: true);
        end = start - 1;
        if (start < 0) return start;
        var cursor = zset.IterateFrom(start, reverse: false);
        while (cursor.MoveNext() && range.LteMax(cursor.Score, cursor.Member)) end++;
        return start;
    }

    // ---- popping -----------------------------------------------------------------------

    /// <summary>Format: <c>ZPOPMIN key [count]</c>. Removes and replies the members with the lowest scores.</summary>
    public static void ZPopMin(Client client) => PopMinMax(client, max: false);

    /// <summary>Format: <c>ZPOPMAX key [count]</c>. Removes and replies the members with the highest scores.</summary>
    public static void ZPopMax(Client client) => PopMinMax(client, max: true);

    /// <summary>cf. zpopMinMaxCommand: a flat array, or with a count in RESP3 an array of [member, score] pairs.</summary>
    private static void PopMinMax(Client client, bool max)
    {
        var args = client.Args;
        if (args.Count > 3)
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        long count = -1;
        if (args.Count == 3)
        {
            if (!Numbers.TryParseLong(args[2], out count) || count < 0)
            {
                client.Reply.Error(Errors.MustBePositive);
                return;
            }
        }
        PopGeneric(client, 1, 1, max, emitKey: false, count, nested: client.Reply.Protocol == 3 && count != -1, nullWhenEmpty: false);
    }

    /// <summary>
    /// Format: <c>ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]</c>. Pops from the first
    /// non-empty set and replies its name and the [member, score] pairs, or null when all are empty.
    /// </summary>
    public static void ZMPop(Client client)
    {
        if (!TryParseMPop(client, 1, out int numKeys, out bool max, out long count)) return;
        PopGeneric(client, 2, numKeys, max, emitKey: true, count, nested: true, nullWhenEmpty: true);
    }

    /// <summary>
    /// Parses <c>numkeys key [key ...] MIN|MAX [COUNT count]</c> from <paramref name="numKeysIndex"/>
    /// on, replying the error if it is wrong. cf. zmpopGenericCommand (ZMPOP and BZMPOP).
    /// </summary>
    internal static bool TryParseMPop(Client client, int numKeysIndex, out int numKeys, out bool max, out long count)
    {
        var args = client.Args;
        numKeys = 0;
        max = false;
        count = -1;
        if (!Numbers.TryParseLong(args[numKeysIndex], out long parsed) || parsed < 1)
        {
            client.Reply.Error(Errors.NumKeysNotPositive);
            return false;
        }
        long whereIdx = numKeysIndex + parsed + 1;
        if (whereIdx >= args.Count)
        {
            client.Reply.Error(Errors.Syntax);
            return false;
        }
        numKeys = (int)parsed;
        if (args.IsOption((int)whereIdx, "MIN"u8)) max = false;
        else if (args.IsOption((int)whereIdx, "MAX"u8)) max = true;
        else
        {
            client.Reply.Error(Errors.Syntax);
            return false;
        }
        for (int j = (int)whereIdx + 1; j < args.Count; j++)
        {
            bool moreArgs = args.Count - 1 - j > 0;
            if (count == -1 && args.IsOption(j, "COUNT"u8) && moreArgs)
            {
                j++;
                if (!Numbers.TryParseLong(args[j], out count) || count < 1)
                {
                    client.Reply.Error(Errors.CountNotPositive);
                    return false;
                }
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return false;
            }
        }
        if (count == -1) count = 1;
        return true;
    }

    /// <summary>cf. genericZpopCommand: the first key holding a set is popped; any other type on the way is WRONGTYPE.</summary>
    internal static void PopGeneric(Client client, int firstKey, int keyCount, bool max, bool emitKey, long count, bool nested, bool nullWhenEmpty)
    {
        var args = client.Args;
        RedisObject? value = null;
        int keyIdx = firstKey;
        for (int i = 0; i < keyCount; i++)
        {
            keyIdx = firstKey + i;
            if (!TryLookup(client, args[keyIdx], out value, forWrite: true)) return;
            if (value is not null) break;
        }
        if (value is null)
        {
            if (nullWhenEmpty) ReplyNullArray(client);
            else client.Reply.ArrayHeader(0);
            return;
        }
        if (count == 0)
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        if (count == -1) count = 1;
        var zset = value.As<SortedSet>();
        long popped = Math.Min(count, zset.Count);
        var key = args[keyIdx];
        if (!nested && !emitKey) client.Reply.ArrayHeader(popped * 2);
        else if (nested && !emitKey) client.Reply.ArrayHeader(popped);
        else if (!nested)
        {
            // BZPOPMIN/BZPOPMAX: one flat array, the key first.
            client.Reply.ArrayHeader(1 + popped * 2);
            client.Reply.Bulk(key);
        }
        else
        {
            client.Reply.ArrayHeader(2);
            client.Reply.Bulk(key);
            client.Reply.ArrayHeader(popped);
        }
        for (long i = 0; i < popped; i++)
        {
            long rank = max ? zset.Count - 1 : 0;
            var cursor = zset.IterateFrom(rank, reverse: false);
            cursor.MoveNext();
            if (nested) client.Reply.ArrayHeader(2);
            client.Reply.Bulk(cursor.Member);
            ReplyScore(client, cursor.Score);
            zset.RemoveRange(rank, rank);
        }
        Removed(client, key, max ? "zpopmax"u8 : "zpopmin"u8, KeyLookup.DeleteIfEmpty(client, key, value));
        client.Db.SignalModified(key);
        client.Server.Dirty += popped;
        // ZMPOP, BZMPOP and BZPOPMIN/MAX go to the stream as the plain pop: ZPOPMIN key [count].
        if (emitKey) client.Server.Propagation.RewriteAs(client.Db.Id, max ? "ZPOPMAX"u8 : "ZPOPMIN"u8, key, nested ? popped : -1);
    }

    // ---- random members -----------------------------------------------------------------

    // CASE 3 of zrandmemberWithCountCommand applies when count * 3 > size (ZRANDMEMBER_SUB_STRATEGY_MUL).
    private const int SubStrategyMultiplier = 3;

    /// <summary>
    /// Format: <c>ZRANDMEMBER key [count [WITHSCORES]]</c>. Without count, one random member (or
    /// null); with a positive count that many distinct members (at most the whole set); with a
    /// negative count that many members, repeats allowed.
    /// </summary>
    public static void ZRandMember(Client client)
    {
        var args = client.Args;
        if (args.Count >= 3)
        {
            if (!Numbers.TryParseLong(args[2], out long l))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            if (l < -long.MaxValue)
            {
                client.Reply.Error(Errors.RandomCountOutOfRange);
                return;
            }
            bool withScores = false;
            if (args.Count > 4 || (args.Count == 4 && !args.IsOption(3, "WITHSCORES"u8)))
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
            if (args.Count == 4)
            {
                withScores = true;
                if (l < -long.MaxValue / 2 || l > long.MaxValue / 2)
                {
                    client.Reply.Error(Errors.ValueOutOfRange);
                    return;
                }
            }
            RandomWithCount(client, l, withScores);
            return;
        }
        if (!TryLookup(client, args[1], out var value)) return;
        if (value is null)
        {
            client.Reply.NullBulk();
            return;
        }
        var zset = value.As<SortedSet>();
        var cursor = zset.IterateFrom(Random.Shared.NextInt64(zset.Count), reverse: false);
        cursor.MoveNext();
        client.Reply.Bulk(cursor.Member);
    }

    /// <summary>cf. zrandmemberWithCountCommand and its four cases.</summary>
    private static void RandomWithCount(Client client, long l, bool withScores)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        if (value is null)
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        var zset = value.As<SortedSet>();
        long size = zset.Count;
        bool unique = l >= 0;
        long count = unique ? l : -l;
        if (count == 0)
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        bool pairs = withScores && client.Reply.Protocol == 3;

        // CASE 1: repeats allowed (or a single member): each pick is independent.
        if (!unique || count == 1)
        {
            client.Reply.ArrayHeader(withScores && !pairs ? count * 2 : count);
            while (count-- > 0)
            {
                var cursor = zset.IterateFrom(Random.Shared.NextInt64(size), reverse: false);
                cursor.MoveNext();
                ReplyMember(client, cursor.Member, cursor.Score, withScores, pairs);
            }
            return;
        }

        long replySize = Math.Min(count, size);
        client.Reply.ArrayHeader(withScores && !pairs ? replySize * 2 : replySize);

        // CASE 2: asking for at least the whole set returns it, walked from the highest score
        // down as Redis's set-operation iterator walks (cf. zuiInitIterator).
        if (count >= size)
        {
            var all = zset.IterateFrom(size - 1, reverse: true);
            while (all.MoveNext()) ReplyMember(client, all.Member, all.Score, withScores, pairs);
            return;
        }

        // CASE 3: most of the set is wanted: copy the ranks, then drop random ones until count remain.
        if (count * SubStrategyMultiplier > size)
        {
            var kept = new List<long>((int)size);
            for (long r = 0; r < size; r++) kept.Add(r);
            while (kept.Count > count)
            {
                int drop = Random.Shared.Next(kept.Count);
                kept[drop] = kept[^1];
                kept.RemoveAt(kept.Count - 1);
            }
            foreach (long rank in kept) ReplyRank(client, zset, rank, withScores, pairs);
            return;
        }

        // CASE 4: a few members of a large set: pick random ones until count are distinct.
        var picked = new HashSet<long>();
        while (picked.Count < count)
        {
            long rank = Random.Shared.NextInt64(size);
            if (picked.Add(rank)) ReplyRank(client, zset, rank, withScores, pairs);
        }
    }

    private static void ReplyRank(Client client, SortedSet zset, long rank, bool withScores, bool pairs)
    {
        var cursor = zset.IterateFrom(rank, reverse: false);
        cursor.MoveNext();
        ReplyMember(client, cursor.Member, cursor.Score, withScores, pairs);
    }

    private static void ReplyMember(Client client, byte[] member, double score, bool withScores, bool pairs)
    {
        if (pairs) client.Reply.ArrayHeader(2);
        client.Reply.Bulk(member);
        if (withScores) ReplyScore(client, score);
    }

    /// <summary>Format: <c>ZSCAN key cursor [MATCH pattern] [COUNT count]</c>. Replies the next cursor and member, score pairs.</summary>
    public static void ZScan(Client client) => ScanCommands.Collection(client, RedisType.ZSet, pairs: true);

    // ---- union, intersection, difference ----------------------------------------------------

    private enum SetOp { Union, Inter, Diff }

    private enum Aggregate { Sum, Min, Max }

    /// <summary>
    /// Format: <c>ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]</c>.
    /// Replies the members of any input, each scored by aggregating its weighted scores.
    /// </summary>
    public static void ZUnion(Client client) => SetOperation(client, 1, store: false, SetOp.Union, cardinalityOnly: false);

    /// <summary>Format: <c>ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]</c>.</summary>
    public static void ZInter(Client client) => SetOperation(client, 1, store: false, SetOp.Inter, cardinalityOnly: false);

    /// <summary>Format: <c>ZDIFF numkeys key [key ...] [WITHSCORES]</c>. Replies the members of the first set that no other has.</summary>
    public static void ZDiff(Client client) => SetOperation(client, 1, store: false, SetOp.Diff, cardinalityOnly: false);

    /// <summary>Format: <c>ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]</c>. Replies the size stored.</summary>
    public static void ZUnionStore(Client client) => SetOperation(client, 2, store: true, SetOp.Union, cardinalityOnly: false);

    /// <summary>Format: <c>ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]</c>.</summary>
    public static void ZInterStore(Client client) => SetOperation(client, 2, store: true, SetOp.Inter, cardinalityOnly: false);

    /// <summary>Format: <c>ZDIFFSTORE destination numkeys key [key ...]</c>.</summary>
    public static void ZDiffStore(Client client) => SetOperation(client, 2, store: true, SetOp.Diff, cardinalityOnly: false);

    /// <summary>Format: <c>ZINTERCARD numkeys key [key ...] [LIMIT limit]</c>. Replies the size of the intersection, counting at most up to limit (0: no limit).</summary>
    public static void ZInterCard(Client client) => SetOperation(client, 1, store: false, SetOp.Inter, cardinalityOnly: true);

    /// <summary>
    /// cf. zunionInterDiffGenericCommand: the input keys are read (a missing key is an empty set,
    /// another type WRONGTYPE) before the options are parsed. Inputs are sorted by size for the
    /// union and intersection (stably, as glibc's qsort is a merge sort), which fixes the order in
    /// which weighted scores are aggregated. A plain set takes part as a sorted set whose every
    /// score is 1, as zuiNext reads it.
    /// </summary>
    /// <summary>
    /// A plain set as an input of ZUNION and friends: a scratch sorted set of its members, each
    /// with score 1. Redis iterates the set itself; a copy gives the same results (every result
    /// is ordered by score and member, whatever the input order) for O(n log n) more work.
    /// </summary>
    private static SortedSet WithScoresOfOne(RedisSet set)
    {
        var scores = SortedSet.CreateSkiplist();
        foreach (var member in set) scores.InsertNew(member.ToArray(), 1);
        return scores;
    }

    private static void SetOperation(Client client, int numKeysIdx, bool store, SetOp op, bool cardinalityOnly)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[numKeysIdx], out long setCount))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        if (setCount < 1)
        {
            client.Reply.Error(Errors.AtLeastOneInputKey(client.LastCommand!.FullName));
            return;
        }
        if (setCount > args.Count - (numKeysIdx + 1))
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        int n = (int)setCount;
        var inputs = new SortedSet?[n];
        var weights = new double[n];
        int j = numKeysIdx + 1;
        for (int i = 0; i < n; i++, j++)
        {
            var value = client.Db.Lookup(args[j]);
            if (value is not null && value.Type is not (RedisType.ZSet or RedisType.Set))
            {
                client.Reply.Error(Errors.WrongType);
                return;
            }
            inputs[i] = value is null ? null : value.Type == RedisType.ZSet ? value.As<SortedSet>() : WithScoresOfOne(value.As<RedisSet>());
            weights[i] = 1;
        }

        var aggregate = Aggregate.Sum;
        bool withScores = false;
        long limit = 0;
        while (j < args.Count)
        {
            int remaining = args.Count - j;
            if (op != SetOp.Diff && !cardinalityOnly && remaining >= n + 1 && args.IsOption(j, "WEIGHTS"u8))
            {
                j++;
                for (int i = 0; i < n; i++, j++)
                {
                    if (!Doubles.TryParse(args[j], out weights[i]))
                    {
                        client.Reply.Error(Errors.WeightNotFloat);
                        return;
                    }
                }
            }
            else if (op != SetOp.Diff && !cardinalityOnly && remaining >= 2 && args.IsOption(j, "AGGREGATE"u8))
            {
                if (args.IsOption(j + 1, "SUM"u8)) aggregate = Aggregate.Sum;
                else if (args.IsOption(j + 1, "MIN"u8)) aggregate = Aggregate.Min;
                else if (args.IsOption(j + 1, "MAX"u8)) aggregate = Aggregate.Max;
                else
                {
                    client.Reply.Error(Errors.Syntax);
                    return;
                }
                j += 2;
            }
            else if (!store && !cardinalityOnly && args.IsOption(j, "WITHSCORES"u8))
            {
                j++;
                withScores = true;
            }
            else if (cardinalityOnly && remaining >= 2 && args.IsOption(j, "LIMIT"u8))
            {
                if (!Numbers.TryParseLong(args[j + 1], out limit) || limit < 0)
                {
                    client.Reply.Error(Errors.LimitNegative);
                    return;
                }
                j += 2;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }

        if (op != SetOp.Diff) SortBySize(inputs, weights);
        var result = SortedSet.CreateSkiplist();
        long maxMemberLength = 0;
        if (op == SetOp.Inter)
        {
            long cardinality = Intersect(inputs, weights, aggregate, cardinalityOnly ? null : result, limit, ref maxMemberLength);
            if (cardinalityOnly)
            {
                client.Reply.Integer(cardinality);
                return;
            }
        }
        else if (op == SetOp.Union) Unite(inputs, weights, aggregate, result, ref maxMemberLength);
        else Subtract(inputs, result, ref maxMemberLength);

        if (store)
        {
            var destination = args[1];
            if (result.Count > 0)
            {
                result.ConvertToListpackIfNeeded(Limits(client), maxMemberLength);
                client.Db.Set(destination, RedisObject.Collection(RedisType.ZSet, result));
                client.Db.SignalModified(destination);
                client.Server.Dirty++;
                client.Reply.Integer(result.Count);
                KeyspaceEvents.Notify(client, NotifyClass.Zset,
                    op == SetOp.Union ? "zunionstore"u8 : op == SetOp.Inter ? "zinterstore"u8 : "zdiffstore"u8, destination);
            }
            else
            {
                client.Reply.Integer(0);
                DeleteEmptyDestination(client, destination);
            }
            return;
        }
        bool pairs = withScores && client.Reply.Protocol == 3;
        client.Reply.ArrayHeader(withScores && !pairs ? result.Count * 2 : result.Count);
        var cursor = result.IterateFrom(0, reverse: false);
        while (cursor.MoveNext()) ReplyMember(client, cursor.Member, cursor.Score, withScores, pairs);
    }

    // cf. zuiCompareByCardinality under a stable sort (a missing key counts as empty).
    private static void SortBySize(SortedSet?[] inputs, double[] weights)
    {
        for (int i = 1; i < inputs.Length; i++)
        {
            var input = inputs[i];
            double weight = weights[i];
            int k = i - 1;
            for (; k >= 0 && (inputs[k]?.Count ?? 0) > (input?.Count ?? 0); k--)
            {
                inputs[k + 1] = inputs[k];
                weights[k + 1] = weights[k];
            }
            inputs[k + 1] = input;
            weights[k + 1] = weight;
        }
    }

    // A weighted score, where 0 × ±inf (NaN) counts as 0.
    private static double Weighted(double weight, double score)
    {
        double value = weight * score;
        return double.IsNaN(value) ? 0 : value;
    }

    // cf. zunionInterAggregate: a sum of +inf and -inf is 0, not NaN.
    private static double Combine(double target, double value, Aggregate aggregate) => aggregate switch
    {
        Aggregate.Sum => double.IsNaN(target + value) ? 0 : target + value,
        Aggregate.Min => value < target ? value : target,
        _ => value > target ? value : target,
    };

    /// <summary>
    /// Walks the smallest input and keeps the members every other input has. Adds them to
    /// <paramref name="result"/>, or when that is null only counts them, stopping at
    /// <paramref name="limit"/> (0: no limit). Returns how many there were.
    /// </summary>
    private static long Intersect(SortedSet?[] inputs, double[] weights, Aggregate aggregate, SortedSet? result, long limit, ref long maxMemberLength)
    {
        long cardinality = 0;
        if (inputs[0] is not { Count: > 0 } smallest) return 0;
        var cursor = smallest.IterateFrom(smallest.Count - 1, reverse: true);
        while (cursor.MoveNext())
        {
            double score = Weighted(weights[0], cursor.Score);
            int k = 1;
            for (; k < inputs.Length; k++)
            {
                if (!inputs[k]!.TryGetScore(cursor.Member, out double other)) break;
                score = Combine(score, Weighted(weights[k], other), aggregate);
            }
            if (k < inputs.Length) continue;
            cardinality++;
            if (result is null)
            {
                if (limit > 0 && cardinality >= limit) break;
                continue;
            }
            result.InsertNew(cursor.Member.ToArray(), score);
            maxMemberLength = Math.Max(maxMemberLength, cursor.Member.Length);
        }
        return cardinality;
    }

    /// <summary>Aggregates the weighted scores of every member of every input, in the inputs' order.</summary>
    private static void Unite(SortedSet?[] inputs, double[] weights, Aggregate aggregate, SortedSet result, ref long maxMemberLength)
    {
        var accumulator = new Dict<double>();
        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is not { Count: > 0 } input) continue;
            var cursor = input.IterateFrom(input.Count - 1, reverse: true);
            while (cursor.MoveNext())
            {
                double score = Weighted(weights[i], cursor.Score);
                ref double existing = ref accumulator.GetValueRefOrNullRef(cursor.Member);
                if (Unsafe.IsNullRef(ref existing))
                {
                    accumulator.TryAdd(cursor.Member.ToArray(), score);
                    maxMemberLength = Math.Max(maxMemberLength, cursor.Member.Length);
                }
                else
                {
                    existing = Combine(existing, score, aggregate);
                }
            }
        }
        foreach (var (member, score) in accumulator) result.InsertNew(member, score);
    }

    /// <summary>The members of the first input that no other input has, with their scores (cf. zdiff).</summary>
    private static void Subtract(SortedSet?[] inputs, SortedSet result, ref long maxMemberLength)
    {
        if (inputs[0] is not { Count: > 0 } first) return;
        var cursor = first.IterateFrom(first.Count - 1, reverse: true);
        while (cursor.MoveNext())
        {
            bool elsewhere = false;
            for (int k = 1; k < inputs.Length && !elsewhere; k++)
                elsewhere = inputs[k] is not null && inputs[k]!.TryGetScore(cursor.Member, out _);
            if (elsewhere) continue;
            result.InsertNew(cursor.Member.ToArray(), cursor.Score);
            maxMemberLength = Math.Max(maxMemberLength, cursor.Member.Length);
        }
    }

    // ---- parsing ranges --------------------------------------------------------------------

    /// <summary>
    /// cf. zslParseRange: each end is read by strtod up to the argument's first NUL (so leading
    /// spaces pass, and an empty end is 0), "(" makes it exclusive; NaN is refused.
    /// </summary>
    private static bool TryParseScoreRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseScoreBound(min, out double minValue, out bool minExclusive)) return false;
        if (!TryParseScoreBound(max, out double maxValue, out bool maxExclusive)) return false;
        range = new ScoreRange(minValue, minExclusive, maxValue, maxExclusive);
        return true;
    }

    private static bool TryParseScoreBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        text = ArgList.CString(text);
        exclusive = text.Length > 0 && text[0] == (byte)'(';
        if (exclusive) text = text[1..];
        int used = Doubles.Strtod(text, out value, out _);
        return used == text.Length && !double.IsNaN(value);
    }

    /// <summary>cf. zslParseLexRange: "[x" inclusive, "(x" exclusive, "-" and "+" the open ends.</summary>
    private static bool TryParseLexRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!TryParseLexBound(min, out var minKind, out var minValue, out bool minExclusive)) return false;
        if (!TryParseLexBound(max, out var maxKind, out var maxValue, out bool maxExclusive)) return false;
        range = new LexRange(minKind, minValue, minExclusive, maxKind, maxValue, maxExclusive);
        return true;
    }

    private static bool TryParseLexBound(ReadOnlySpan<byte> text, out LexBound kind, out byte[] value, out bool exclusive)
    {
        kind = LexBound.Value;
        value = [];
        exclusive = true;
        if (text.IsEmpty) return false;
        switch (text[0])
        {
            case (byte)'+':
            case (byte)'-':
                // As C sees it: the argument must end right after the sign (or at a NUL).
                if (text.Length > 1 && text[1] != 0) return false;
                kind = text[0] == (byte)'+' ? LexBound.PlusInfinity : LexBound.MinusInfinity;
                return true;
            case (byte)'(':
                value = text[1..].ToArray();
                return true;
            case (byte)'[':
                value = text[1..].ToArray();
                exclusive = false;
                return true;
            default:
                return false;
        }
    }
}
