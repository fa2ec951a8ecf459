// List commands: pushes and pops at both ends, indexes and ranges, LREM, LINSERT, LPOS, LMOVE, LMPOP.
// cf. t_list.c (pushGenericCommand, popGenericCommand, addListRangeReply, lposCommand,
// lmoveGenericCommand, lmpopGenericCommand). The blocking variants (BLPOP & co.) are in BlockingCommands.cs.

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class ListCommands
{
    /// <summary>Looks <paramref name="key"/> up for a list command; see <see cref="KeyLookup.TryLookup"/>.</summary>
    internal static bool TryLookupList(Client client, ReadOnlySpan<byte> key, out Quicklist? list, bool forWrite = false)
    {
        bool ok = KeyLookup.TryLookup(client, key, RedisType.List, out var value, forWrite);
        list = ok ? value?.As<Quicklist>() : null;
        return ok;
    }

    /// <summary>The list at <paramref name="key"/>, created empty (with the configured fill) when missing: the caller adds to it at once.</summary>
    private static RedisObject CreateList(Client client, ReadOnlySpan<byte> key)
    {
        var value = RedisObject.Collection(RedisType.List, new Quicklist(client.Server.Config.ListMaxListpackSize));
        client.Db.Set(key, value);
        return value;
    }

    /// <summary>Parses LEFT or RIGHT: true for LEFT (the head); replies a syntax error otherwise (cf. getListPositionFromObjectOrReply).</summary>
    internal static bool TryParseEnd(Client client, int index, out bool head)
    {
        head = client.Args.IsOption(index, "LEFT"u8);
        if (head || client.Args.IsOption(index, "RIGHT"u8)) return true;
        client.Reply.Error(Errors.Syntax);
        return false;
    }

    /// <summary>
    /// Parses a long in [<paramref name="min"/>, long.MaxValue], replying <paramref name="error"/>
    /// both when it is not a number and when it is too small (cf. getRangeLongFromObjectOrReply with a message).
    /// </summary>
    private static bool TryParseAtLeast(Client client, int index, long min, ReadOnlySpan<byte> error, out long value)
    {
        if (Numbers.TryParseLong(client.Args[index], out value) && value >= min) return true;
        client.Reply.Error(error);
        return false;
    }

    private static bool TryParseLong(Client client, int index, out long value)
    {
        if (Numbers.TryParseLong(client.Args[index], out value)) return true;
        client.Reply.Error(Errors.NotInteger);
        return false;
    }

    /// <summary>
    /// Replies the elements from <paramref name="start"/> to <paramref name="end"/> (inclusive,
    /// negative from the tail, clipped to the list), tail first when <paramref name="reverse"/>.
    /// cf. addListRangeReply.
    /// </summary>
    private static void ReplyRange(Client client, Quicklist list, long start, long end, bool reverse)
    {
        long length = list.Count;
        if (start < 0) start += length;
        if (end < 0) end += length;
        if (start < 0) start = 0;
        if (start > end || start >= length)
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        if (end >= length) end = length - 1;
        long remaining = end - start + 1;
        client.Reply.ArrayHeader(remaining);
        var iterator = list.IterateFrom(reverse ? end : start, forward: !reverse);
        Span<byte> digits = stackalloc byte[20];
        while (remaining-- > 0 && iterator.MoveNext()) client.Reply.Bulk(iterator.Current(digits));
    }

    /// <summary>
    /// Replies and removes up to <paramref name="count"/> elements from one end, then deletes the
    /// key if that emptied the list and signals it (cf. listPopRangeAndReplyWithKey + listElementsRemoved).
    /// </summary>
    internal static void PopRangeAndReply(Client client, ReadOnlySpan<byte> key, Quicklist list, long count, bool head)
    {
        long n = Math.Min(count, list.Count);
        ReplyRange(client, list, head ? 0 : -n, head ? n - 1 : -1, reverse: !head);
        list.DeleteRange(head ? 0 : -n, n);
        ElementsRemoved(client, key, list, PopEvent(head), n);
    }

    /// <summary>
    /// After <paramref name="removed"/> elements were removed: the command's event, then an emptied
    /// list's key is deleted (a "del" event); either way the key changed (cf. listElementsRemoved).
    /// </summary>
    private static void ElementsRemoved(Client client, ReadOnlySpan<byte> key, Quicklist list, ReadOnlySpan<byte> notification, long removed)
    {
        KeyspaceEvents.Notify(client, NotifyClass.List, notification, key);
        if (list.Count == 0)
        {
            client.Db.Delete(key);
            KeyspaceEvents.Notify(client, NotifyClass.Generic, "del"u8, key);
        }
        client.Db.SignalModified(key);
        client.Server.Dirty += removed;
    }

    private static ReadOnlySpan<byte> PopEvent(bool head) => head ? "lpop"u8 : "rpop"u8;

    private static ReadOnlySpan<byte> PushEvent(bool head) => head ? "lpush"u8 : "rpush"u8;

    // ---- pushing ------------------------------------------------------------------------

    /// <summary>Format: <c>LPUSH key element [element ...]</c>. Adds each element at the head in turn; replies the new length.</summary>
    public static void LPush(Client client) => PushGeneric(client, head: true, onlyIfExists: false);

    /// <summary>Format: <c>RPUSH key element [element ...]</c>. Adds each element at the tail in turn; replies the new length.</summary>
    public static void RPush(Client client) => PushGeneric(client, head: false, onlyIfExists: false);

    /// <summary>Format: <c>LPUSHX key element [element ...]</c>. LPUSH, but only onto an existing list (0 otherwise).</summary>
    public static void LPushX(Client client) => PushGeneric(client, head: true, onlyIfExists: true);

    /// <summary>Format: <c>RPUSHX key element [element ...]</c>. RPUSH, but only onto an existing list (0 otherwise).</summary>
    public static void RPushX(Client client) => PushGeneric(client, head: false, onlyIfExists: true);

    /// <summary>cf. pushGenericCommand.</summary>
    private static void PushGeneric(Client client, bool head, bool onlyIfExists)
    {
        var args = client.Args;
        var key = args[1];
        if (!KeyLookup.TryLookup(client, key, RedisType.List, out var value, forWrite: true)) return;
        if (value is null)
        {
            if (onlyIfExists)
            {
                client.Reply.Integer(0);
                return;
            }
            value = CreateList(client, key);
        }
        var list = value.As<Quicklist>();
        for (int i = 2; i < args.Count; i++) list.Push(args[i], head);
        client.Reply.Integer(list.Count);
        client.Db.SignalModified(key, value);
        client.Server.Dirty += args.Count - 2;
        KeyspaceEvents.Notify(client, NotifyClass.List, PushEvent(head), key);
    }

    // ---- popping ------------------------------------------------------------------------

    /// <summary>
    /// Format: <c>LPOP key [count]</c>. Without count: the head element, or null. With count: an
    /// array of up to count elements from the head, or a null array when the key is missing.
    /// </summary>
    public static void LPop(Client client) => PopGeneric(client, head: true);

    /// <summary>Format: <c>RPOP key [count]</c>. As LPOP, from the tail (the array lists the tail first).</summary>
    public static void RPop(Client client) => PopGeneric(client, head: false);

    /// <summary>cf. popGenericCommand.</summary>
    private static void PopGeneric(Client client, bool head)
    {
        var args = client.Args;
        if (args.Count > 3)
        {
            client.Reply.Error(Errors.WrongArgCount(client.LastCommand!.FullName));
            return;
        }
        bool hasCount = args.Count == 3;
        long count = 0;
        if (hasCount && !TryParseAtLeast(client, 2, 0, Errors.MustBePositive, out count)) return;

        var key = args[1];
        if (!TryLookupList(client, key, out var list, forWrite: true)) return;
        if (list is null)
        {
            if (hasCount) client.Reply.NullArray();
            else client.Reply.NullBulk();
            return;
        }
        if (hasCount && count == 0)
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        if (hasCount)
        {
            PopRangeAndReply(client, key, list, count, head);
            return;
        }
        PopOneAndReply(client, key, list, head);
    }

    /// <summary>Replies and removes the element at one end, deleting the key if that emptied the list.</summary>
    internal static void PopOneAndReply(Client client, ReadOnlySpan<byte> key, Quicklist list, bool head)
    {
        Span<byte> digits = stackalloc byte[20];
        list.TryGet(head ? 0 : -1, digits, out var element);
        client.Reply.Bulk(element);
        list.DeleteRange(head ? 0 : -1, 1);
        ElementsRemoved(client, key, list, PopEvent(head), 1);
    }

    /// <summary>
    /// Format: <c>LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]</c>. Pops up to count
    /// (default 1) elements from the first non-empty list; replies [key, [elements]] or a null array.
    /// cf. lmpopGenericCommand and mpopGenericCommand.
    /// </summary>
    public static void LMPop(Client client)
    {
        var args = client.Args;
        if (!TryParseMPop(client, 1, out int whereAt, out bool head, out long count)) return;
        for (int i = 2; i < whereAt; i++)
        {
            var key = args[i];
            if (!TryLookupList(client, key, out var list, forWrite: true)) return;
            if (list is null) continue;
            client.Reply.ArrayHeader(2);
            client.Reply.Bulk(key);
            long popped = Math.Min(count, list.Count);
            PopRangeAndReply(client, key, list, count, head);
            client.Server.Propagation.RewriteAs(client.Db.Id, head ? "LPOP"u8 : "RPOP"u8, key, popped); // as LPOP key count
            return;
        }
        client.Reply.NullArray();
    }

    /// <summary>
    /// Parses <c>numkeys key [key ...] LEFT|RIGHT [COUNT count]</c> from <paramref name="numkeysIndex"/>
    /// on, replying the error if it is wrong; the keys end before <paramref name="whereAt"/>.
    /// cf. lmpopGenericCommand (LMPOP and BLMPOP).
    /// </summary>
    internal static bool TryParseMPop(Client client, int numkeysIndex, out int whereAt, out bool head, out long count)
    {
        var args = client.Args;
        whereAt = 0;
        head = false;
        count = -1;
        if (!TryParseAtLeast(client, numkeysIndex, 1, Errors.NumKeysNotPositive, out long numkeys)) return false;
        if (numkeys >= args.Count - numkeysIndex - 1)
        {
            client.Reply.Error(Errors.Syntax);
            return false;
        }
        whereAt = numkeysIndex + 1 + (int)numkeys;
        if (!TryParseEnd(client, whereAt, out head)) return false;
        for (int i = whereAt + 1; i < args.Count; i++)
        {
            if (count == -1 && args.IsOption(i, "COUNT"u8) && i + 1 < args.Count)
            {
                if (!TryParseAtLeast(client, ++i, 1, Errors.CountNotPositive, out count)) return false;
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

    // ---- moving between lists ------------------------------------------------------------

    /// <summary>
    /// Format: <c>LMOVE source destination LEFT|RIGHT LEFT|RIGHT</c>. Pops from one end of source,
    /// pushes onto one end of destination (the same list rotates), replies the element or null.
    /// </summary>
    public static void LMove(Client client)
    {
        if (!TryParseEnd(client, 3, out bool fromHead) || !TryParseEnd(client, 4, out bool toHead)) return;
        MoveGeneric(client, fromHead, toHead);
    }

    /// <summary>Format: <c>RPOPLPUSH source destination</c>. LMOVE source destination RIGHT LEFT.</summary>
    public static void RPopLPush(Client client) => MoveGeneric(client, fromHead: false, toHead: true);

    /// <summary>
    /// cf. lmoveGenericCommand: the destination's type is checked only once there is an element
    /// to move; the element leaves source before it joins destination, so a one-element list
    /// moved onto itself survives.
    /// </summary>
    private static void MoveGeneric(Client client, bool fromHead, bool toHead)
    {
        var source = client.Args[1];
        if (!TryLookupList(client, source, out var list, forWrite: true)) return;
        if (list is null)
        {
            client.Reply.NullBulk();
            return;
        }
        MoveAndReply(client, source, list, client.Args[2], fromHead, toHead);
    }

    /// <summary>
    /// Moves one element from the non-empty <paramref name="list"/> at <paramref name="source"/> to
    /// <paramref name="destinationKey"/> and replies it; WRONGTYPE (and nothing moved) when the
    /// destination holds another type. LMOVE's second half, and BLMOVE's serve step.
    /// </summary>
    internal static void MoveAndReply(Client client, ReadOnlySpan<byte> source, Quicklist list, ReadOnlySpan<byte> destinationKey, bool fromHead, bool toHead)
    {
        if (!TryLookupList(client, destinationKey, out var destination, forWrite: true)) return;

        Span<byte> digits = stackalloc byte[20];
        list.TryGet(fromHead ? 0 : -1, digits, out var element);
        // The element's bytes live in the source node, which the pop rewrites: copy them first.
        Span<byte> copy = element.Length <= 256 ? stackalloc byte[256] : new byte[element.Length];
        element.CopyTo(copy);
        var value = copy[..element.Length];
        list.DeleteRange(fromHead ? 0 : -1, 1);

        destination ??= CreateList(client, destinationKey).As<Quicklist>();
        client.Db.SignalModified(destinationKey);
        destination.Push(value, toHead);
        KeyspaceEvents.Notify(client, NotifyClass.List, PushEvent(toHead), destinationKey);
        client.Reply.Bulk(value);
        ElementsRemoved(client, source, list, PopEvent(fromHead), 1); // one change for the whole move, as lmoveGenericCommand
    }

    // ---- reading ------------------------------------------------------------------------

    /// <summary>Format: <c>LLEN key</c>. 0 for a missing key.</summary>
    public static void LLen(Client client)
    {
        if (TryLookupList(client, client.Args[1], out var list)) client.Reply.Integer(list?.Count ?? 0);
    }

    /// <summary>Format: <c>LINDEX key index</c>. The element at index (negative from the tail), or null.</summary>
    public static void LIndex(Client client)
    {
        if (!TryLookupList(client, client.Args[1], out var list)) return;
        if (list is null)
        {
            client.Reply.NullBulk();
            return;
        }
        if (!TryParseLong(client, 2, out long index)) return;
        Span<byte> digits = stackalloc byte[20];
        if (list.TryGet(index, digits, out var element)) client.Reply.Bulk(element);
        else client.Reply.NullBulk();
    }

    /// <summary>Format: <c>LRANGE key start stop</c>. Elements from start to stop inclusive, clipped to the list.</summary>
    public static void LRange(Client client)
    {
        if (!TryParseLong(client, 2, out long start) || !TryParseLong(client, 3, out long end)) return;
        if (!TryLookupList(client, client.Args[1], out var list)) return;
        if (list is null) client.Reply.ArrayHeader(0);
        else ReplyRange(client, list, start, end, reverse: false);
    }

    /// <summary>
    /// Format: <c>LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]</c>. The index of
    /// the rank-th match (negative rank: searching from the tail), or with COUNT an array of up
    /// to num-matches indexes (0: all); MAXLEN bounds how many elements are compared.
    /// cf. lposCommand.
    /// </summary>
    public static void LPos(Client client)
    {
        var args = client.Args;
        long rank = 1, count = -1, maxlen = 0;
        for (int i = 3; i < args.Count; i++)
        {
            bool hasValue = i + 1 < args.Count;
            if (hasValue && args.IsOption(i, "RANK"u8))
            {
                if (!TryParseLong(client, ++i, out rank)) return;
                if (rank == 0)
                {
                    client.Reply.Error(Errors.LposRankZero);
                    return;
                }
            }
            else if (hasValue && args.IsOption(i, "COUNT"u8))
            {
                if (!TryParseAtLeast(client, ++i, 0, Errors.LposCountNegative, out count)) return;
            }
            else if (hasValue && args.IsOption(i, "MAXLEN"u8))
            {
                if (!TryParseAtLeast(client, ++i, 0, Errors.LposMaxlenNegative, out maxlen)) return;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        bool forward = rank > 0;
        // Like Redis, negating LONG_MIN leaves it negative, so every match then ranks high enough.
        if (!forward) rank = unchecked(-rank);

        if (!TryLookupList(client, args[1], out var list)) return;
        if (list is null)
        {
            if (count != -1) client.Reply.ArrayHeader(0);
            else client.Reply.NullBulk();
            return;
        }

        var needle = new Listpack.Element(args[2]);
        int mark = count != -1 ? client.Reply.DeferArrayLength() : 0;
        long length = list.Count, index = 0, matches = 0, matchIndex = -1, replied = 0;
        var iterator = list.IterateFrom(forward ? 0 : -1, forward);
        while ((maxlen == 0 || index < maxlen) && iterator.MoveNext())
        {
            if (iterator.CurrentMatches(needle))
            {
                matches++;
                matchIndex = forward ? index : length - index - 1;
                if (matches >= rank)
                {
                    if (count == -1) break;
                    replied++;
                    client.Reply.Integer(matchIndex);
                    if (count != 0 && unchecked(matches - rank + 1) >= count) break;
                }
            }
            index++;
            matchIndex = -1;
        }
        if (count != -1) client.Reply.SetDeferredArrayLength(mark, replied);
        else if (matchIndex != -1) client.Reply.Integer(matchIndex);
        else client.Reply.NullBulk();
    }

    // ---- changing in place --------------------------------------------------------------

    /// <summary>Format: <c>LSET key index element</c>. Replaces the element at index; errors on a missing key or a bad index.</summary>
    public static void LSet(Client client)
    {
        var key = client.Args[1];
        if (!TryLookupList(client, key, out var list, forWrite: true)) return;
        if (list is null)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return;
        }
        if (!TryParseLong(client, 2, out long index)) return;
        if (!list.TryReplace(index, client.Args[3]))
        {
            client.Reply.Error(Errors.IndexOutOfRange);
            return;
        }
        client.Reply.Ok();
        client.Db.SignalModified(key);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.List, "lset"u8, key);
    }

    /// <summary>
    /// Format: <c>LINSERT key BEFORE|AFTER pivot element</c>. Inserts beside the first element equal
    /// to pivot; replies the new length, -1 when pivot is absent, 0 when the key is.
    /// </summary>
    public static void LInsert(Client client)
    {
        var args = client.Args;
        bool after = args.IsOption(2, "AFTER"u8);
        if (!after && !args.IsOption(2, "BEFORE"u8))
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        var key = args[1];
        if (!TryLookupList(client, key, out var list, forWrite: true)) return;
        if (list is null)
        {
            client.Reply.Integer(0);
            return;
        }
        var pivot = new Listpack.Element(args[3]);
        var iterator = list.IterateFrom(0, forward: true);
        while (iterator.MoveNext())
        {
            if (!iterator.CurrentMatches(pivot)) continue;
            iterator.InsertBeside(args[4], after);
            client.Db.SignalModified(key);
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.List, "linsert"u8, key);
            client.Reply.Integer(list.Count);
            return;
        }
        client.Reply.Integer(-1);
    }

    /// <summary>
    /// Format: <c>LREM key count element</c>. Removes the first count elements equal to element
    /// (from the tail when count is negative; all of them when 0); replies how many went.
    /// </summary>
    public static void LRem(Client client)
    {
        if (!TryParseLong(client, 2, out long count)) return;
        var key = client.Args[1];
        if (!TryLookupList(client, key, out var list, forWrite: true)) return;
        if (list is null)
        {
            client.Reply.Integer(0);
            return;
        }
        bool forward = count >= 0;
        long limit = forward ? count : unchecked(-count);
        var needle = new Listpack.Element(client.Args[3]);
        long removed = 0;
        var iterator = list.IterateFrom(forward ? 0 : -1, forward);
        while (iterator.MoveNext())
        {
            if (!iterator.CurrentMatches(needle)) continue;
            iterator.DeleteCurrent();
            removed++;
            if (removed == limit) break;
        }
        if (removed > 0) ElementsRemoved(client, key, list, "lrem"u8, removed);
        client.Reply.Integer(removed);
    }

    /// <summary>
    /// Format: <c>LTRIM key start stop</c>. Keeps only the elements from start to stop (inclusive,
    /// negative from the tail); an empty range deletes the key. Replies +OK.
    /// </summary>
    public static void LTrim(Client client)
    {
        if (!TryParseLong(client, 2, out long start) || !TryParseLong(client, 3, out long end)) return;
        var key = client.Args[1];
        if (!TryLookupList(client, key, out var list, forWrite: true)) return;
        if (list is null)
        {
            client.Reply.Ok();
            return;
        }
        long length = list.Count, fromHead, fromTail;
        if (start < 0) start += length;
        if (end < 0) end += length;
        if (start < 0) start = 0;
        if (start > end || start >= length)
        {
            fromHead = length;
            fromTail = 0;
        }
        else
        {
            if (end >= length) end = length - 1;
            fromHead = start;
            fromTail = length - end - 1;
        }
        list.DeleteRange(0, fromHead);
        list.DeleteRange(-fromTail, fromTail);
        ElementsRemoved(client, key, list, "ltrim"u8, fromHead + fromTail);
        client.Reply.Ok();
    }
}
