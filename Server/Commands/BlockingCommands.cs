// Blocking commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP, WAIT, and
// CLIENT UNBLOCK / PAUSE / UNPAUSE. cf. t_list.c (blockingPopGenericCommand, blmoveGenericCommand,
// serveClientBlockedOnList), t_zset.c (blockingGenericZpopCommand), replication.c (waitCommand), networking.c.

using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

/// <summary>
/// Each blocking command first tries what its non-blocking form does (LPOP, LMOVE, ZPOPMIN...).
/// When every key is empty it either replies as on a timeout (inside MULTI or a script), or blocks:
/// <see cref="BlockedClients.BlockForKeys"/> records the keys, the deadline and the serve step,
/// and the client's coroutine yields <see cref="Step.Blocked"/>. The serve step runs later, for
/// the key that became ready, with the blocked client as the one being served.
/// </summary>
internal static class BlockingCommands
{
    /// <summary>
    /// Parses a timeout into an absolute deadline in Unix ms (0: forever): seconds as a long double
    /// for the blocking pops, integer milliseconds for WAIT and CLIENT PAUSE. Replies the error
    /// when it is not a number or is negative. cf. getTimeoutFromObjectOrReply.
    /// </summary>
    internal static bool TryParseTimeout(Client client, int index, bool inSeconds, out long deadlineMs)
    {
        deadlineMs = 0;
        long ms;
        if (inSeconds)
        {
            if (!LongDouble.TryParse(client.Args[index], out var seconds))
            {
                client.Reply.Error(Errors.TimeoutNotFloat);
                return false;
            }
            ms = seconds.ThousandsCeiling();
        }
        else if (!Numbers.TryParseLong(client.Args[index], out ms))
        {
            client.Reply.Error(Errors.TimeoutNotInteger);
            return false;
        }
        if (ms < 0)
        {
            client.Reply.Error(Errors.TimeoutNegative);
            return false;
        }
        if (ms > 0)
        {
            long now = Clock.UnixMs;
            deadlineMs = ms > long.MaxValue - now ? long.MaxValue : now + ms;
        }
        return true;
    }

    // ---- lists ------------------------------------------------------------------------------

    /// <summary>Format: <c>BLPOP key [key ...] timeout</c>. LPOP of the first non-empty list, replied as [key, element]; or waits.</summary>
    public static void BLPop(Client client) => BlockingPop(client, head: true);

    /// <summary>Format: <c>BRPOP key [key ...] timeout</c>. As BLPOP, from the tail.</summary>
    public static void BRPop(Client client) => BlockingPop(client, head: false);

    private static void BlockingPop(Client client, bool head)
    {
        int timeoutAt = client.Args.Count - 1;
        if (!TryParseTimeout(client, timeoutAt, inSeconds: true, out long deadline)) return;
        BlockingListPop(client, 1, timeoutAt - 1, head, count: -1, deadline);
    }

    /// <summary>
    /// Format: <c>BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]</c>. LMPOP, or waits
    /// for the first key to be pushed to.
    /// </summary>
    public static void BLMPop(Client client)
    {
        if (!ListCommands.TryParseMPop(client, 2, out int whereAt, out bool head, out long count)) return;
        if (!TryParseTimeout(client, 1, inSeconds: true, out long deadline)) return;
        BlockingListPop(client, 3, whereAt - 3, head, count, deadline);
    }

    /// <summary>cf. blockingPopGenericCommand: count -1 is BLPOP/BRPOP's single element, otherwise BLMPOP's range.</summary>
    private static void BlockingListPop(Client client, int firstKey, int keyCount, bool head, long count, long deadline)
    {
        for (int i = firstKey; i < firstKey + keyCount; i++)
        {
            var key = client.Args[i];
            if (!ListCommands.TryLookupList(client, key, out var list, forWrite: true)) return;
            if (list is null) continue;
            ReplyListPop(client, key, list, head, count);
            return;
        }
        if (!BlockedClients.CanBlock(client))
        {
            client.Reply.NullArray();
            return;
        }
        var state = client.Server.Blocking.BlockForKeys(client, BlockType.List, firstKey, keyCount, deadline, ServeListPop);
        state.FromHead = head;
        state.Count = count;
    }

    /// <summary>[key, element] for BLPOP/BRPOP, [key, [elements]] for BLMPOP.</summary>
    private static void ReplyListPop(Client client, ReadOnlySpan<byte> key, Quicklist list, bool head, long count)
    {
        client.Reply.ArrayHeader(2);
        client.Reply.Bulk(key);
        long popped = count == -1 ? -1 : Math.Min(count, list.Count);
        if (count == -1) ListCommands.PopOneAndReply(client, key, list, head);
        else ListCommands.PopRangeAndReply(client, key, list, count, head);
        // To the stream as the pop it was: LPOP key, or LPOP key count for BLMPOP (cf. serveClientBlockedOnList).
        client.Server.Propagation.RewriteAs(client.Db.Id, head ? "LPOP"u8 : "RPOP"u8, key, popped);
    }

    /// <summary>The serve step of BLPOP, BRPOP and BLMPOP (cf. serveClientBlockedOnList).</summary>
    private static bool ServeListPop(Client receiver, byte[] key, RedisObject value)
    {
        var state = receiver.Block;
        ReplyListPop(receiver, key, value.As<Quicklist>(), state.FromHead, state.Count);
        return true;
    }

    /// <summary>
    /// Format: <c>BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout</c>. LMOVE, or waits for
    /// source to be pushed to.
    /// </summary>
    public static void BLMove(Client client)
    {
        if (!ListCommands.TryParseEnd(client, 3, out bool fromHead) || !ListCommands.TryParseEnd(client, 4, out bool toHead)) return;
        if (!TryParseTimeout(client, 5, inSeconds: true, out long deadline)) return;
        BlockingMove(client, fromHead, toHead, deadline);
    }

    /// <summary>Format: <c>BRPOPLPUSH source destination timeout</c>. BLMOVE source destination RIGHT LEFT timeout.</summary>
    public static void BRPopLPush(Client client)
    {
        if (!TryParseTimeout(client, 3, inSeconds: true, out long deadline)) return;
        BlockingMove(client, fromHead: false, toHead: true, deadline);
    }

    /// <summary>cf. blmoveGenericCommand: inside MULTI or a script an empty source replies a null bulk string.</summary>
    private static void BlockingMove(Client client, bool fromHead, bool toHead, long deadline)
    {
        var source = client.Args[1];
        if (!ListCommands.TryLookupList(client, source, out var list, forWrite: true)) return;
        if (list is not null)
        {
            MoveAndPropagate(client, source, list, client.Args[2], fromHead, toHead, served: false);
            return;
        }
        if (!BlockedClients.CanBlock(client))
        {
            client.Reply.NullBulk();
            return;
        }
        var state = client.Server.Blocking.BlockForKeys(client, BlockType.List, 1, 1, deadline, ServeMove);
        state.FromHead = fromHead;
        state.ToHead = toHead;
        state.Target = client.Args.ToArray(2);
    }

    /// <summary>
    /// The serve step of BLMOVE and BRPOPLPUSH. A destination of another type is WRONGTYPE for the
    /// waiter, which is unblocked with nothing moved; the push may wake the destination's waiters.
    /// </summary>
    private static bool ServeMove(Client receiver, byte[] key, RedisObject value)
    {
        var state = receiver.Block;
        MoveAndPropagate(receiver, key, value.As<Quicklist>(), state.Target, state.FromHead, state.ToHead, served: true);
        return true;
    }

    /// <summary>
    /// LMOVE's work for BLMOVE and BRPOPLPUSH, propagated as LMOVE or RPOPLPUSH when something moved:
    /// with the client's own LEFT/RIGHT words at once, with "left"/"right" once served after waiting.
    /// </summary>
    private static void MoveAndPropagate(Client client, ReadOnlySpan<byte> source, Quicklist list, ReadOnlySpan<byte> destination,
        bool fromHead, bool toHead, bool served)
    {
        long dirty = client.Server.Dirty;
        ListCommands.MoveAndReply(client, source, list, destination, fromHead, toHead);
        var propagation = client.Server.Propagation;
        if (client.Server.Dirty == dirty) return; // WRONGTYPE: nothing moved
        bool rpoplpush = client.Args.Count == 4; // BRPOPLPUSH source destination timeout
        if (!propagation.Rewrite(client.Db.Id, rpoplpush ? 3 : 5)) return;
        propagation.Arg(rpoplpush ? "RPOPLPUSH"u8 : "LMOVE"u8);
        propagation.Arg(source);
        propagation.Arg(destination);
        if (!rpoplpush)
        {
            propagation.Arg(served ? fromHead ? "left"u8 : "right"u8 : client.Args[3]);
            propagation.Arg(served ? toHead ? "left"u8 : "right"u8 : client.Args[4]);
        }
        propagation.EndOp();
    }

    // ---- sorted sets ----------------------------------------------------------------------------

    /// <summary>Format: <c>BZPOPMIN key [key ...] timeout</c>. ZPOPMIN of the first non-empty set, replied as [key, member, score]; or waits.</summary>
    public static void BZPopMin(Client client) => BlockingZPop(client, max: false);

    /// <summary>Format: <c>BZPOPMAX key [key ...] timeout</c>. As BZPOPMIN, the highest score.</summary>
    public static void BZPopMax(Client client) => BlockingZPop(client, max: true);

    private static void BlockingZPop(Client client, bool max)
    {
        int timeoutAt = client.Args.Count - 1;
        if (!TryParseTimeout(client, timeoutAt, inSeconds: true, out long deadline)) return;
        BlockingZsetPop(client, 1, timeoutAt - 1, max, count: -1, deadline);
    }

    /// <summary>
    /// Format: <c>BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]</c>. ZMPOP, or waits for
    /// the first key to be added to.
    /// </summary>
    public static void BZMPop(Client client)
    {
        if (!SortedSetCommands.TryParseMPop(client, 2, out int numKeys, out bool max, out long count)) return;
        if (!TryParseTimeout(client, 1, inSeconds: true, out long deadline)) return;
        BlockingZsetPop(client, 3, numKeys, max, count, deadline);
    }

    /// <summary>cf. blockingGenericZpopCommand: count -1 is BZPOPMIN/BZPOPMAX's flat reply, otherwise BZMPOP's nested one.</summary>
    private static void BlockingZsetPop(Client client, int firstKey, int keyCount, bool max, long count, long deadline)
    {
        for (int i = firstKey; i < firstKey + keyCount; i++)
        {
            if (!KeyLookup.TryLookup(client, client.Args[i], RedisType.ZSet, out var value, forWrite: true)) return;
            if (value is null) continue;
            ReplyZsetPop(client, i, max, count);
            return;
        }
        if (!BlockedClients.CanBlock(client))
        {
            client.Reply.NullArray();
            return;
        }
        var state = client.Server.Blocking.BlockForKeys(client, BlockType.SortedSet, firstKey, keyCount, deadline, ServeZsetPop);
        state.FromHead = !max;
        state.Count = count;
    }

    private static void ReplyZsetPop(Client client, int keyIndex, bool max, long count) =>
        SortedSetCommands.PopGeneric(client, keyIndex, 1, max, emitKey: true, count, nested: count != -1, nullWhenEmpty: count != -1);

    /// <summary>The serve step of BZPOPMIN, BZPOPMAX and BZMPOP: the pop of the waiter's command, on the ready key.</summary>
    private static bool ServeZsetPop(Client receiver, byte[] key, RedisObject value)
    {
        var args = receiver.Args;
        int keyIndex = 1;
        while (keyIndex < args.Count - 1 && !args[keyIndex].SequenceEqual(key)) keyIndex++;
        ReplyZsetPop(receiver, keyIndex, max: !receiver.Block.FromHead, receiver.Block.Count);
        return true;
    }

    // ---- CLIENT UNBLOCK, PAUSE, UNPAUSE ----------------------------------------------------------

    /// <summary>
    /// Format: <c>CLIENT UNBLOCK client-id [TIMEOUT|ERROR]</c>. Ends another client's wait as its
    /// timeout would, or with the UNBLOCKED error; 1 if it was blocked, 0 otherwise.
    /// </summary>
    public static void ClientUnblock(Client client)
    {
        var args = client.Args;
        if (args.Count > 4)
        {
            client.Reply.Error(Errors.SubcommandSyntax(CommandExecutor.Printable(args[1], 128), "CLIENT"));
            return;
        }
        bool withError = false;
        if (args.Count == 4)
        {
            withError = args.IsOption(3, "ERROR"u8);
            if (!withError && !args.IsOption(3, "TIMEOUT"u8))
            {
                client.Reply.Error(Errors.UnblockReason);
                return;
            }
        }
        if (!Numbers.TryParseLong(args[2], out long id))
        {
            client.Reply.Error(Errors.NotInteger);
            return;
        }
        bool unblocked = client.Server.Clients.TryGetValue(id, out var target) && client.Server.Blocking.TimeOut(target, withError);
        client.Reply.Integer(unblocked ? 1 : 0);
    }

    /// <summary>
    /// Format: <c>CLIENT PAUSE timeout [WRITE|ALL]</c>. For timeout milliseconds, commands wait
    /// before running: all of them, or (WRITE) those that write or may replicate.
    /// </summary>
    public static void ClientPause(Client client)
    {
        var args = client.Args;
        if (args.Count > 4)
        {
            client.Reply.Error(Errors.SubcommandSyntax(CommandExecutor.Printable(args[1], 128), "CLIENT"));
            return;
        }
        var mode = PauseMode.All;
        if (args.Count == 4)
        {
            if (args.IsOption(3, "WRITE"u8)) mode = PauseMode.Write;
            else if (!args.IsOption(3, "ALL"u8))
            {
                client.Reply.Error(Errors.PauseMode);
                return;
            }
        }
        if (!TryParseTimeout(client, 2, inSeconds: false, out long end)) return;
        client.Server.Blocking.PauseClients(end, mode);
        client.Reply.Ok();
    }

    /// <summary>Format: <c>CLIENT UNPAUSE</c>. Ends CLIENT PAUSE; the held commands run in the order they came.</summary>
    public static void ClientUnpause(Client client)
    {
        client.Server.Blocking.Unpause();
        client.Reply.Ok();
    }
}
