// The stream commands on entries: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID, XREAD
// and XREADGROUP. cf. the command half of t_stream.c; the data structure is Storage/RedisStream.cs,
// the consumer group commands are in StreamGroupCommands.cs.

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class StreamCommands
{
    // ---- writing ----------------------------------------------------------------------

    /// <summary>
    /// Format: <c>XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]</c>
    /// Appends an entry and replies its ID (null with NOMKSTREAM on a missing key), then trims.
    /// </summary>
    public static void XAdd(Client client)
    {
        var args = client.Args;
        int idIndex = ParseTrimArgs(client, xadd: true, out var trim);
        if (idIndex < 0) return;
        int fieldsAt = idIndex + 1;
        if (args.Count - fieldsAt < 2 || (args.Count - fieldsAt) % 2 == 1)
        {
            client.Reply.Error(Errors.WrongArgCount("xadd"));
            return;
        }
        if (trim.IdGiven && trim.SeqGiven && trim.Id.IsZero)
        {
            client.Reply.Error(Errors.StreamAddIdZero);
            return;
        }
        if (!TryLookup(client, args[1], out var value, forWrite: true)) return;
        if (value is null)
        {
            if (trim.NoMakeStream)
            {
                client.Reply.NullBulk();
                return;
            }
            value = RedisObject.Collection(RedisType.Stream, new RedisStream());
            client.Db.Set(args[1], value);
        }
        var stream = value.As<RedisStream>();
        if (stream.LastId == StreamId.Max)
        {
            client.Reply.Error(Errors.StreamExhausted);
            return;
        }
        var next = NextId(stream, trim, out var id);
        if (next != NextIdResult.Ok)
        {
            client.Reply.Error(next == NextIdResult.TooSmall ? Errors.StreamAddIdTooSmall : Errors.StreamElementsTooLarge);
            return;
        }
        var pairs = new byte[args.Count - fieldsAt][];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = args.ToArray(fieldsAt + i);
        var config = client.Server.Config;
        stream.Append(id, pairs, config.StreamNodeMaxBytes, config.StreamNodeMaxEntries);
        ReplyId(client, id);
        client.Db.SignalModified(args[1]);
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Stream, "xadd"u8, args[1]);
        if (stream.Trim(trim.Strategy, trim.MaxLength, trim.MinId, trim.Approximate, trim.Limit) > 0)
            KeyspaceEvents.Notify(client, NotifyClass.Stream, "xtrim"u8, args[1]);
        // A new key was signalled when it was added; an existing one may have readers waiting too.
        client.Server.Blocking.SignalKeyAsReady(client.Db, args[1], value);
    }

    private enum NextIdResult { Ok, TooSmall, SequenceExhausted }

    // The ID an XADD adds: the next after the last (cf. streamNextID), or the one given, or
    // for ms-* the next sequence in that millisecond. Redis reports a full millisecond (ms-*
    // after ms-18446744073709551615) with its "too large" error, whose errno it did not set.
    private static NextIdResult NextId(RedisStream stream, in TrimArgs trim, out StreamId id)
    {
        var last = stream.LastId;
        if (!trim.IdGiven)
        {
            ulong now = (ulong)Clock.UnixMs;
            if (now > last.Ms) id = new StreamId(now, 0);
            else last.TryIncrement(out id);
            return NextIdResult.Ok;
        }
        id = trim.Id;
        if (trim.SeqGiven) return id > last ? NextIdResult.Ok : NextIdResult.TooSmall;
        if (id.Ms == last.Ms)
        {
            if (last.Seq == ulong.MaxValue) return NextIdResult.SequenceExhausted;
            id = new StreamId(id.Ms, last.Seq + 1);
            return NextIdResult.Ok;
        }
        return id.Ms > last.Ms ? NextIdResult.Ok : NextIdResult.TooSmall;
    }

    /// <summary>
    /// Format: <c>XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]</c>
    /// Trims the stream and replies how many entries went.
    /// </summary>
    public static void XTrim(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value, forWrite: true)) return;
        // Redis looks the key up before parsing: a missing key replies 0 whatever follows.
        if (value is null)
        {
            client.Reply.Integer(0);
            return;
        }
        if (ParseTrimArgs(client, xadd: false, out var trim) < 0) return;
        long deleted = value.As<RedisStream>().Trim(trim.Strategy, trim.MaxLength, trim.MinId, trim.Approximate, trim.Limit);
        if (deleted > 0)
        {
            KeyspaceEvents.Notify(client, NotifyClass.Stream, "xtrim"u8, args[1]);
            client.Db.SignalModified(args[1]);
            client.Server.Dirty += deleted;
        }
        client.Reply.Integer(deleted);
    }

    /// <summary>
    /// Format: <c>XDEL key id [id ...]</c>
    /// Deletes the entries and replies how many existed. The stream stays, even empty.
    /// </summary>
    public static void XDel(Client client)
    {
        var args = client.Args;
        if (!TryLookup(client, args[1], out var value, forWrite: true)) return;
        if (value is null)
        {
            client.Reply.Integer(0);
            return;
        }
        // Every ID is checked before any is deleted.
        Span<StreamId> ids = args.Count - 2 <= 16 ? stackalloc StreamId[args.Count - 2] : new StreamId[args.Count - 2];
        for (int i = 2; i < args.Count; i++)
        {
            if (!TryParseStrictId(client, args[i], 0, out ids[i - 2])) return;
        }
        var stream = value.As<RedisStream>();
        long deleted = 0;
        foreach (var id in ids)
        {
            if (stream.Delete(id)) deleted++;
        }
        if (deleted > 0)
        {
            client.Db.SignalModified(args[1]);
            client.Server.Dirty += deleted;
            KeyspaceEvents.Notify(client, NotifyClass.Stream, "xdel"u8, args[1]);
        }
        client.Reply.Integer(deleted);
    }

    /// <summary>
    /// Format: <c>XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]</c>
    /// Sets the stream's last ID (and its counters), as replication and AOF do.
    /// </summary>
    public static void XSetId(Client client)
    {
        var args = client.Args;
        if (!TryParseStrictId(client, args[2], 0, out var id)) return;
        long entriesAdded = -1;
        var maxDeleted = StreamId.Min;
        for (int i = 3; i < args.Count; i += 2)
        {
            bool hasValue = i + 1 < args.Count;
            if (hasValue && args.Is(i, "ENTRIESADDED"u8))
            {
                if (!Numbers.TryParseLong(args[i + 1], out entriesAdded))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (entriesAdded < 0)
                {
                    client.Reply.Error(Errors.StreamEntriesAddedNegative);
                    return;
                }
            }
            else if (hasValue && args.Is(i, "MAXDELETEDID"u8))
            {
                if (!TryParseStrictId(client, args[i + 1], 0, out maxDeleted)) return;
                if (id < maxDeleted)
                {
                    client.Reply.Error(Errors.StreamSetIdBelowGivenMaxDeleted);
                    return;
                }
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        if (!TryLookup(client, args[1], out var value, forWrite: true)) return;
        if (value is null)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return;
        }
        var stream = value.As<RedisStream>();
        if (stream.Length > 0)
        {
            if (id < stream.Edge(last: true)!.Id)
            {
                client.Reply.Error(Errors.StreamSetIdTooSmall);
                return;
            }
            if (entriesAdded != -1 && stream.Length > entriesAdded)
            {
                client.Reply.Error(Errors.StreamEntriesAddedTooSmall);
                return;
            }
        }
        stream.LastId = id;
        if (entriesAdded != -1) stream.EntriesAdded = entriesAdded;
        if (!maxDeleted.IsZero) stream.MaxDeletedId = maxDeleted;
        client.Server.Dirty++;
        client.Reply.Ok(); // Redis signals no modified key here: WATCH does not see XSETID
        KeyspaceEvents.Notify(client, NotifyClass.Stream, "xsetid"u8, client.Args[1]);
    }

    // ---- reading ----------------------------------------------------------------------

    /// <summary>Format: <c>XLEN key</c>. Replies the number of entries, 0 for a missing key.</summary>
    public static void XLen(Client client)
    {
        if (!TryLookup(client, client.Args[1], out var value)) return;
        client.Reply.Integer(value is null ? 0 : value.As<RedisStream>().Length);
    }

    /// <summary>
    /// Format: <c>XRANGE key start end [COUNT count]</c>
    /// The entries with IDs from start to end (<c>-</c>, <c>+</c>, <c>(</c> for exclusive).
    /// </summary>
    public static void XRange(Client client) => Range(client, reverse: false);

    /// <summary>
    /// Format: <c>XREVRANGE key end start [COUNT count]</c>
    /// XRANGE from the end backwards.
    /// </summary>
    public static void XRevRange(Client client) => Range(client, reverse: true);

    // cf. xrangeGenericCommand.
    private static void Range(Client client, bool reverse)
    {
        var args = client.Args;
        int startArg = reverse ? 3 : 2, endArg = reverse ? 2 : 3;
        if (!TryParseIntervalId(client, args[startArg], 0, out var start, out bool startExclusive)) return;
        if (startExclusive && !start.TryIncrement(out start))
        {
            client.Reply.Error(Errors.StreamInvalidStart);
            return;
        }
        if (!TryParseIntervalId(client, args[endArg], ulong.MaxValue, out var end, out bool endExclusive)) return;
        if (endExclusive && !end.TryDecrement(out end))
        {
            client.Reply.Error(Errors.StreamInvalidEnd);
            return;
        }
        long count = -1;
        for (int i = 4; i < args.Count; i++)
        {
            if (i + 1 < args.Count && args.Is(i, "COUNT"u8))
            {
                if (!Numbers.TryParseLong(args[++i], out count))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (count < 0) count = 0;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        if (!TryLookup(client, args[1], out var value)) return;
        if (value is null)
        {
            client.Reply.ArrayHeader(0);
            return;
        }
        if (count == 0)
        {
            client.Reply.NullArray();
            return;
        }
        var range = value.As<RedisStream>().Between(start, end, reverse);
        ReplyEntries(client, ref range, count == -1 ? 0 : count, null, null, noAck: false);
    }

    /// <summary>
    /// Format: <c>XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]</c>
    /// For each stream with entries after the ID given (<c>$</c>: after its last), those entries.
    /// </summary>
    public static void XRead(Client client) => Read(client, group: false);

    /// <summary>
    /// Format: <c>XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]</c>
    /// Reads as the group's consumer: <c>&gt;</c> for entries never delivered to the group (they
    /// become pending for the consumer), another ID for the consumer's own pending history.
    /// </summary>
    public static void XReadGroup(Client client) => Read(client, group: true);

    /// <summary>What XREAD and XREADGROUP asked for, parsed once; <see cref="Serve"/> can run on it again.</summary>
    internal sealed class ReadRequest
    {
        public bool IsGroup;
        public long Count;
        /// <summary>BLOCK's milliseconds, or -1 without BLOCK.</summary>
        public long BlockMs = -1;
        public bool NoAck;
        public int StreamsAt;
        public int StreamCount;
        public byte[]? GroupName;
        public byte[]? ConsumerName;
        /// <summary>The IDs to read after, per stream; Max stands for XREADGROUP's <c>&gt;</c>.</summary>
        public StreamId[] Ids = [];
    }

    // cf. xreadCommand: parse, resolve $ and groups, then serve what is there now.
    private static void Read(Client client, bool group)
    {
        var request = ParseRead(client, group);
        if (request is null) return;
        if (Serve(client, request)) return;
        if (request.BlockMs == -1 || client.DenyBlocking)
        {
            // No BLOCK, or a client that may not wait (MULTI): a timeout at once.
            client.Reply.NullArray();
            return;
        }
        // Nothing to read yet: wait for the streams, as BLPOP waits for lists (cf. blockForKeys).
        long deadline = request.BlockMs == 0 ? 0 : Clock.UnixMs + request.BlockMs;
        var state = client.Server.Blocking.BlockForKeys(client, BlockType.Stream, request.StreamsAt, request.StreamCount, deadline, ServeBlocked);
        state.Context = request;
    }

    /// <summary>
    /// The serve step of a blocked XREAD/XREADGROUP, run for the one stream <paramref name="key"/>
    /// that was written (cf. serveClientsBlockedOnStreamKey): if it now holds entries after the
    /// ID the reader waits for (for a group, after the group's last delivered ID, which other
    /// readers of the group may have moved), replies those of this stream alone and returns
    /// true; a group destroyed meanwhile ends the wait with NOGROUP.
    /// </summary>
    private static bool ServeBlocked(Client receiver, byte[] key, RedisObject value)
    {
        var request = (ReadRequest)receiver.Block.Context!;
        int s = 0;
        while (!receiver.Args[request.StreamsAt + s].SequenceEqual(key)) s++;
        var stream = value.As<RedisStream>();
        var after = request.Ids[s];
        StreamConsumerGroup? group = null;
        StreamConsumer? consumer = null;
        if (request.IsGroup)
        {
            group = stream.FindGroup(request.GroupName);
            if (group is null)
            {
                receiver.Reply.Error(Errors.StreamGroupGoneWhileBlocked);
                return true;
            }
            after = group.LastId;
        }
        if (!(stream.LastId > after)) return false;
        if (group is not null) consumer = StreamGroupCommands.ConsumerFor(receiver, key, group, request.ConsumerName, Clock.UnixMs);
        var reply = receiver.Reply;
        if (reply.Protocol == 2)
        {
            reply.ArrayHeader(1);
            reply.ArrayHeader(2);
        }
        else reply.MapHeader(1);
        reply.Bulk(key);
        after.TryIncrement(out var start);
        var range = stream.Between(start, StreamId.Max);
        ReplyEntries(receiver, ref range, request.Count, group, consumer, request.NoAck, stream);
        return true;
    }

    private static ReadRequest? ParseRead(Client client, bool group)
    {
        var args = client.Args;
        var request = new ReadRequest { IsGroup = group };
        for (int i = 1; i < args.Count; i++)
        {
            int more = args.Count - i - 1;
            if (more > 0 && args.Is(i, "BLOCK"u8))
            {
                if (client == client.Server.Scripting.PseudoClient)
                {
                    client.Reply.Error(Errors.StreamBlockInScript(System.Text.Encoding.Latin1.GetString(ArgList.CString(args[0]))));
                    return null;
                }
                if (!Numbers.TryParseLong(args[++i], out request.BlockMs))
                {
                    client.Reply.Error(Errors.TimeoutNotInteger);
                    return null;
                }
                if (request.BlockMs < 0)
                {
                    client.Reply.Error(Errors.TimeoutNegative);
                    return null;
                }
            }
            else if (more > 0 && args.Is(i, "COUNT"u8))
            {
                if (!Numbers.TryParseLong(args[++i], out request.Count))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return null;
                }
                if (request.Count < 0) request.Count = 0;
            }
            else if (more > 0 && args.Is(i, "STREAMS"u8))
            {
                request.StreamsAt = i + 1;
                int remaining = args.Count - request.StreamsAt;
                if (remaining % 2 != 0)
                {
                    client.Reply.Error(Errors.StreamUnbalanced);
                    return null;
                }
                request.StreamCount = remaining / 2;
                break;
            }
            else if (more >= 2 && args.Is(i, "GROUP"u8))
            {
                if (!group)
                {
                    client.Reply.Error(Errors.StreamGroupOnlyInReadGroup);
                    return null;
                }
                request.GroupName = args.ToArray(i + 1);
                request.ConsumerName = args.ToArray(i + 2);
                i += 2;
            }
            else if (args.Is(i, "NOACK"u8))
            {
                if (!group)
                {
                    client.Reply.Error(Errors.StreamNoAckOnlyInReadGroup);
                    return null;
                }
                request.NoAck = true;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return null;
            }
        }
        if (request.StreamsAt == 0)
        {
            client.Reply.Error(Errors.Syntax);
            return null;
        }
        if (group && request.GroupName is null)
        {
            client.Reply.Error(Errors.StreamMissingGroup);
            return null;
        }
        request.Ids = new StreamId[request.StreamCount];
        for (int s = 0; s < request.StreamCount; s++)
        {
            int keyArg = request.StreamsAt + s, idArg = keyArg + request.StreamCount;
            var value = client.Db.Lookup(args[keyArg]);
            if (value is not null && value.Type != RedisType.Stream)
            {
                client.Reply.Error(Errors.WrongType);
                return null;
            }
            if (group && (value is null || value.As<RedisStream>().FindGroup(request.GroupName) is null))
            {
                client.Reply.Error(StreamGroupCommands.NoGroupForRead(args[keyArg], request.GroupName!));
                return null;
            }
            var idText = args[idArg];
            if (idText.SequenceEqual("$"u8))
            {
                if (group)
                {
                    client.Reply.Error(Errors.StreamDollarInReadGroup);
                    return null;
                }
                request.Ids[s] = value is null ? StreamId.Min : value.As<RedisStream>().LastId;
            }
            else if (idText.SequenceEqual(">"u8))
            {
                if (!group)
                {
                    client.Reply.Error(Errors.StreamGreaterOnlyInReadGroup);
                    return null;
                }
                request.Ids[s] = StreamId.Max;
            }
            else if (!TryParseStrictId(client, idText, 0, out request.Ids[s])) return null;
        }
        return request;
    }

    /// <summary>
    /// Serves a read with what the streams hold now (cf. the synchronous part of xreadCommand,
    /// and serveClientBlockedOnKey for a client woken up): replies and returns true when some
    /// stream had something to give (or, for a group's history, always), else writes nothing
    /// and returns false. The blocking machinery runs it again when a key is written.
    /// </summary>
    internal static bool Serve(Client client, ReadRequest request)
    {
        var args = client.Args;
        var reply = client.Reply;
        int served = 0;
        int mark = 0;
        for (int s = 0; s < request.StreamCount; s++)
        {
            var key = args[request.StreamsAt + s];
            var value = client.Db.Lookup(key); // a second lookup, counted as Redis counts it
            if (value is null || value.Type != RedisType.Stream) continue;
            var stream = value.As<RedisStream>();
            var after = request.Ids[s];
            bool serveNow = false, history = false;
            StreamConsumerGroup? group = null;
            StreamConsumer? consumer = null;
            if (request.IsGroup)
            {
                group = stream.FindGroup(request.GroupName);
                if (group is null) continue;
                if (after != StreamId.Max)
                {
                    serveNow = history = true;
                }
                else if (stream.Length > 0 && stream.Edge(last: true)!.Id > group.LastId)
                {
                    serveNow = true;
                    after = group.LastId;
                }
            }
            else if (stream.Length > 0 && stream.Edge(last: true)!.Id > after)
            {
                serveNow = true;
            }
            if (!serveNow) continue;
            // Only a read that serves something makes its consumer (Redis creates it under serve_synchronously).
            if (group is not null) consumer = StreamGroupCommands.ConsumerFor(client, key, group, request.ConsumerName!, Clock.UnixMs);
            if (served++ == 0) mark = reply.DeferArrayLength();
            if (reply.Protocol == 2) reply.ArrayHeader(2);
            reply.Bulk(key);
            after.TryIncrement(out var start);
            if (history) ReplyPendingHistory(client, stream, group!, consumer!, start, request.Count);
            else
            {
                var range = stream.Between(start, StreamId.Max);
                ReplyEntries(client, ref range, request.Count, group, consumer, request.NoAck, stream);
            }
            if (group is not null) client.Server.Dirty++; // one per stream a group read served, as xreadCommand
        }
        if (served == 0) return false;
        if (reply.Protocol == 2) reply.SetDeferredArrayLength(mark, served);
        else reply.SetDeferredMapLength(mark, served);
        return true;
    }

    // ---- replies ----------------------------------------------------------------------

    /// <summary>
    /// Replies the entries of <paramref name="range"/> (at most <paramref name="count"/>, 0 for
    /// all) as [id, [field, value...]] pairs (cf. streamReplyWithRange). With a group, each entry
    /// moves the group's last ID and read counter and, unless <paramref name="noAck"/>, becomes
    /// pending for <paramref name="consumer"/>.
    /// </summary>
    internal static long ReplyEntries(
        Client client, ref RedisStream.Range range, long count, StreamConsumerGroup? group, StreamConsumer? consumer,
        bool noAck, RedisStream? stream = null)
    {
        var reply = client.Reply;
        int mark = reply.DeferArrayLength();
        long replied = 0;
        long now = group is null ? 0 : Clock.UnixMs;
        while (range.MoveNext())
        {
            var entry = range.Current;
            if (group is not null && entry.Id > group.LastId)
            {
                if (group.EntriesRead != StreamConsumerGroup.UnknownEntriesRead && !stream!.HasTombstonesFrom(entry.Id))
                    group.EntriesRead++;
                else if (stream!.EntriesAdded != 0)
                    group.EntriesRead = stream.EstimateDistanceFromFirstEverEntry(entry.Id);
                group.LastId = entry.Id;
            }
            ReplyEntry(client, entry);
            if (group is not null && !noAck)
            {
                var pending = group.FindPending(entry.Id);
                if (pending is null) group.AddPending(entry.Id, consumer!, now);
                else
                {
                    StreamConsumerGroup.Transfer(pending, consumer!);
                    pending.DeliveryTime = now;
                    pending.DeliveryCount = 1;
                }
            }
            replied++;
            if (count != 0 && replied == count) break;
        }
        reply.SetDeferredArrayLength(mark, replied);
        return replied;
    }

    // A consumer's own pending entries from start on (cf. streamReplyWithRangeFromConsumerPEL):
    // each delivered again (its count goes up), or [id, nil] when the entry was deleted since.
    private static void ReplyPendingHistory(
        Client client, RedisStream stream, StreamConsumerGroup group, StreamConsumer consumer, StreamId start, long count)
    {
        var reply = client.Reply;
        int mark = reply.DeferArrayLength();
        long replied = 0;
        long now = Clock.UnixMs;
        foreach (var pending in group.PendingBetween(consumer.Pending, start, StreamId.Max))
        {
            if (count != 0 && replied >= count) break;
            var entry = stream.Find(pending.Id);
            if (entry is null)
            {
                reply.ArrayHeader(2);
                ReplyId(client, pending.Id);
                reply.NullArray();
            }
            else
            {
                ReplyEntry(client, entry);
                pending.DeliveryTime = now;
                pending.DeliveryCount++;
            }
            replied++;
        }
        reply.SetDeferredArrayLength(mark, replied);
    }

    /// <summary>One entry: [id, [field, value, ...]].</summary>
    internal static void ReplyEntry(Client client, StreamEntry entry)
    {
        var reply = client.Reply;
        reply.ArrayHeader(2);
        ReplyId(client, entry.Id);
        reply.ArrayHeader(entry.Pairs.Length);
        foreach (var part in entry.Pairs) reply.Bulk(part);
    }

    internal static void ReplyId(Client client, StreamId id)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxFormattedLength];
        client.Reply.Bulk(text[..id.Format(text)]);
    }

    // ---- parsing ----------------------------------------------------------------------

    /// <summary>XADD's and XTRIM's options, cf. streamAddTrimArgs.</summary>
    private struct TrimArgs
    {
        public StreamTrimStrategy Strategy;
        public long MaxLength;
        public StreamId MinId;
        public bool Approximate;
        public long Limit;
        public bool NoMakeStream;
        public bool IdGiven;
        public bool SeqGiven;
        public StreamId Id;
    }

    // cf. streamParseAddOrTrimArgsOrReply: returns the index of XADD's ID argument (or the end
    // of XTRIM's options), or -1 after replying an error.
    private static int ParseTrimArgs(Client client, bool xadd, out TrimArgs trim)
    {
        var args = client.Args;
        trim = default;
        bool limitGiven = false;
        int i = 2;
        for (; i < args.Count; i++)
        {
            int more = args.Count - 1 - i;
            var option = args[i];
            if (xadd && option.Length >= 1 && option[0] == '*' && (option.Length == 1 || option[1] == 0)) break;
            bool isMaxLen = more > 0 && args.IsOption(i, "MAXLEN"u8);
            bool isMinId = !isMaxLen && more > 0 && args.IsOption(i, "MINID"u8);
            if (isMaxLen || isMinId)
            {
                if (trim.Strategy != StreamTrimStrategy.None)
                {
                    client.Reply.Error(Errors.StreamMaxLenAndMinId);
                    return -1;
                }
                trim.Approximate = false;
                var next = ArgList.CString(args[i + 1]);
                if (more >= 2 && next.SequenceEqual("~"u8))
                {
                    trim.Approximate = true;
                    i++;
                }
                else if (more >= 2 && next.SequenceEqual("="u8)) i++;
                if (isMaxLen)
                {
                    if (!Numbers.TryParseLong(args[i + 1], out trim.MaxLength))
                    {
                        client.Reply.Error(Errors.NotInteger);
                        return -1;
                    }
                    if (trim.MaxLength < 0)
                    {
                        client.Reply.Error(Errors.StreamMaxLenNegative);
                        return -1;
                    }
                    trim.Strategy = StreamTrimStrategy.MaxLen;
                }
                else
                {
                    if (!TryParseStrictId(client, args[i + 1], 0, out trim.MinId)) return -1;
                    trim.Strategy = StreamTrimStrategy.MinId;
                }
                i++;
            }
            else if (more > 0 && args.IsOption(i, "LIMIT"u8))
            {
                if (!Numbers.TryParseLong(args[i + 1], out trim.Limit))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return -1;
                }
                if (trim.Limit < 0)
                {
                    client.Reply.Error(Errors.StreamLimitNegative);
                    return -1;
                }
                limitGiven = true;
                i++;
            }
            else if (xadd && args.IsOption(i, "NOMKSTREAM"u8)) trim.NoMakeStream = true;
            else if (xadd)
            {
                if (!TryParseId(client, args[i], 0, strict: true, allowAutoSeq: true, out trim.Id, out trim.SeqGiven)) return -1;
                trim.IdGiven = true;
                break;
            }
            else
            {
                client.Reply.Error(Errors.Syntax);
                return -1;
            }
        }
        if (trim.Limit != 0 && trim.Strategy == StreamTrimStrategy.None)
        {
            client.Reply.Error(Errors.StreamLimitWithoutStrategy);
            return -1;
        }
        if (!xadd && trim.Strategy == StreamTrimStrategy.None)
        {
            client.Reply.Error(Errors.StreamTrimNoStrategy);
            return -1;
        }
        if (limitGiven)
        {
            if (!trim.Approximate)
            {
                client.Reply.Error(Errors.StreamLimitWithoutApprox);
                return -1;
            }
        }
        else if (trim.Approximate)
        {
            // Without LIMIT an approximate trim does at most 100 nodes' worth of work.
            long entries = client.Server.Config.StreamNodeMaxEntries;
            trim.Limit = entries > 0 && 100 * entries <= 1L << 30 ? 100 * entries : 10000;
        }
        else trim.Limit = 0;
        return i;
    }

    /// <summary>Parses an ID where <c>-</c> and <c>+</c> are not allowed (cf. streamParseStrictIDOrReply).</summary>
    internal static bool TryParseStrictId(Client client, ReadOnlySpan<byte> text, ulong missingSeq, out StreamId id) =>
        TryParseId(client, text, missingSeq, strict: true, allowAutoSeq: false, out id, out _);

    /// <summary>Parses an ID, <c>-</c> and <c>+</c> included (cf. streamParseIDOrReply).</summary>
    internal static bool TryParseId(Client client, ReadOnlySpan<byte> text, ulong missingSeq, out StreamId id) =>
        TryParseId(client, text, missingSeq, strict: false, allowAutoSeq: false, out id, out _);

    private static bool TryParseId(
        Client client, ReadOnlySpan<byte> text, ulong missingSeq, bool strict, bool allowAutoSeq, out StreamId id, out bool seqGiven)
    {
        if (StreamId.TryParse(text, missingSeq, strict, allowAutoSeq, out id, out seqGiven)) return true;
        client.Reply.Error(Errors.StreamInvalidId);
        return false;
    }

    /// <summary>An ID that may be exclusive, <c>(id</c> (cf. streamParseIntervalIDOrReply).</summary>
    internal static bool TryParseIntervalId(Client client, ReadOnlySpan<byte> text, ulong missingSeq, out StreamId id, out bool exclusive)
    {
        exclusive = text.Length > 1 && text[0] == '(';
        return exclusive ? TryParseStrictId(client, text[1..], missingSeq, out id) : TryParseId(client, text, missingSeq, out id);
    }

    internal static bool TryLookup(Client client, ReadOnlySpan<byte> key, out RedisObject? value, bool forWrite = false) =>
        KeyLookup.TryLookup(client, key, RedisType.Stream, out value, forWrite);
}
