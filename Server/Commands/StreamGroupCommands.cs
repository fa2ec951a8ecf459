// The consumer group commands: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER,
// HELP), XACK, XPENDING, XCLAIM, XAUTOCLAIM, and XINFO (STREAM, GROUPS, CONSUMERS, HELP).
// cf. the consumer group half of t_stream.c; the structures are Storage/StreamConsumerGroup.cs.

using EventLoopRedis.Config;
using EventLoopRedis.EventLoop;
using EventLoopRedis.Protocol;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Commands;

internal static class StreamGroupCommands
{
    // ---- XGROUP ------------------------------------------------------------------------

    /// <summary>
    /// Format: <c>XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]</c>
    /// Creates a consumer group that will deliver entries after the ID.
    /// </summary>
    public static void Create(Client client)
    {
        var args = client.Args;
        bool makeStream = false;
        long entriesRead = StreamConsumerGroup.UnknownEntriesRead;
        for (int i = 5; i < args.Count;)
        {
            if (args.IsOption(i, "MKSTREAM"u8))
            {
                makeStream = true;
                i++;
            }
            else if (args.IsOption(i, "ENTRIESREAD"u8) && i + 1 < args.Count)
            {
                if (!TryParseEntriesRead(client, args[i + 1], out entriesRead)) return;
                i += 2;
            }
            else
            {
                Help.SubcommandSyntaxError(client);
                return;
            }
        }
        if (!StreamCommands.TryLookup(client, args[2], out var value, forWrite: true)) return;
        if (value is null && !makeStream)
        {
            client.Reply.Error(Errors.StreamGroupKeyMissing);
            return;
        }
        StreamId id;
        if (args[4].SequenceEqual("$"u8)) id = value is null ? StreamId.Min : value.As<RedisStream>().LastId;
        else if (!StreamCommands.TryParseStrictId(client, args[4], 0, out id)) return;
        if (value is null)
        {
            value = RedisObject.Collection(RedisType.Stream, new RedisStream());
            client.Db.Set(args[2], value);
            client.Db.SignalModified(args[2]);
        }
        if (value.As<RedisStream>().CreateGroup(args[3], id, entriesRead) is null)
        {
            client.Reply.Error(Errors.StreamBusyGroup);
            return;
        }
        client.Server.Dirty++;
        client.Reply.Ok();
        KeyspaceEvents.Notify(client, NotifyClass.Stream, "xgroup-create"u8, args[2]);
    }

    /// <summary>
    /// Format: <c>XGROUP SETID key group id|$ [ENTRIESREAD entries-read]</c>
    /// Moves the group's last delivered ID (and sets its read counter).
    /// </summary>
    public static void SetId(Client client)
    {
        var args = client.Args;
        long entriesRead = StreamConsumerGroup.UnknownEntriesRead;
        if (args.Count == 7 && args.IsOption(5, "ENTRIESREAD"u8))
        {
            if (!TryParseEntriesRead(client, args[6], out entriesRead)) return;
        }
        else if (args.Count != 5)
        {
            Help.SubcommandSyntaxError(client);
            return;
        }
        if (!TryLookupGroupForXGroup(client, out var stream, out var group)) return;
        StreamId id;
        if (args[4].SequenceEqual("$"u8)) id = stream.LastId;
        else if (!StreamCommands.TryParseId(client, args[4], 0, out id)) return;
        group!.LastId = id;
        group.EntriesRead = entriesRead;
        client.Server.Dirty++;
        client.Reply.Ok();
        KeyspaceEvents.Notify(client, NotifyClass.Stream, "xgroup-setid"u8, args[2]);
    }

    /// <summary>Format: <c>XGROUP DESTROY key group</c>. Removes the group: 1 if it existed, else 0.</summary>
    public static void Destroy(Client client)
    {
        if (!TryLookupGroupForXGroup(client, out var stream, out _, groupRequired: false)) return;
        if (!stream.DestroyGroup(client.Args[3]))
        {
            client.Reply.Integer(0);
            return;
        }
        client.Server.Dirty++;
        client.Reply.Integer(1);
        KeyspaceEvents.Notify(client, NotifyClass.Stream, "xgroup-destroy"u8, client.Args[2]);
        // Its blocked readers get NOGROUP (BlockedStreamRead), once this command is done.
        client.Server.Blocking.SignalKeyAsReady(client.Db, client.Args[2], client.Db.Peek(client.Args[2])!);
    }

    /// <summary>Format: <c>XGROUP CREATECONSUMER key group consumer</c>. Adds a consumer: 1 if new, else 0.</summary>
    public static void CreateConsumer(Client client)
    {
        if (!TryLookupGroupForXGroup(client, out _, out var group)) return;
        bool created = group!.CreateConsumer(client.Args[4], Clock.UnixMs) is not null;
        client.Reply.Integer(created ? 1 : 0);
        if (!created) return;
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Stream, "xgroup-createconsumer"u8, client.Args[2]);
    }

    /// <summary>
    /// Format: <c>XGROUP DELCONSUMER key group consumer</c>
    /// Removes a consumer and its pending entries; replies how many it had pending.
    /// </summary>
    public static void DelConsumer(Client client)
    {
        if (!TryLookupGroupForXGroup(client, out _, out var group)) return;
        long pending = group!.DeleteConsumer(client.Args[4]);
        client.Reply.Integer(Math.Max(0, pending));
        if (pending < 0) return;
        client.Server.Dirty++;
        KeyspaceEvents.Notify(client, NotifyClass.Stream, "xgroup-delconsumer"u8, client.Args[2]);
    }

    /// <summary>Format: <c>XGROUP HELP</c></summary>
    public static void XGroupHelp(Client client) => Help.Reply(client, "XGROUP",
    [
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
    ]);

    // The key must exist (and be a stream), and for most subcommands the group too.
    private static bool TryLookupGroupForXGroup(
        Client client, out RedisStream stream, out StreamConsumerGroup? group, bool groupRequired = true)
    {
        var args = client.Args;
        stream = null!;
        group = null;
        if (!StreamCommands.TryLookup(client, args[2], out var value, forWrite: true)) return false;
        if (value is null)
        {
            client.Reply.Error(Errors.StreamGroupKeyMissing);
            return false;
        }
        stream = value.As<RedisStream>();
        group = stream.FindGroup(args[3]);
        if (group is null && groupRequired)
        {
            client.Reply.Error(Errors.StreamNoGroup(Text(args[3]), Text(args[2])));
            return false;
        }
        return true;
    }

    private static bool TryParseEntriesRead(Client client, ReadOnlySpan<byte> text, out long entriesRead)
    {
        if (!Numbers.TryParseLong(text, out entriesRead))
        {
            client.Reply.Error(Errors.NotInteger);
            return false;
        }
        if (entriesRead < 0 && entriesRead != StreamConsumerGroup.UnknownEntriesRead)
        {
            client.Reply.Error(Errors.StreamEntriesReadNegative);
            return false;
        }
        return true;
    }

    // ---- acknowledging and pending entries ---------------------------------------------

    /// <summary>
    /// Format: <c>XACK key group id [id ...]</c>
    /// Removes the IDs from the group's pending entries; replies how many were pending.
    /// </summary>
    public static void XAck(Client client)
    {
        var args = client.Args;
        if (!StreamCommands.TryLookup(client, args[1], out var value)) return;
        var group = value?.As<RedisStream>().FindGroup(args[2]);
        if (group is null)
        {
            client.Reply.Integer(0);
            return;
        }
        // All or nothing: every ID is checked first.
        var ids = new StreamId[args.Count - 3];
        for (int i = 3; i < args.Count; i++)
        {
            if (!StreamCommands.TryParseStrictId(client, args[i], 0, out ids[i - 3])) return;
        }
        long acknowledged = 0;
        foreach (var id in ids)
        {
            var pending = group.FindPending(id);
            if (pending is null) continue;
            group.RemovePending(pending);
            acknowledged++;
            client.Server.Dirty++;
        }
        client.Reply.Integer(acknowledged);
    }

    /// <summary>
    /// Format: <c>XPENDING key group [[IDLE min-idle-time] start end count [consumer]]</c>
    /// The summary of a group's pending entries, or the entries in a range with their idle times.
    /// </summary>
    public static void XPending(Client client)
    {
        var args = client.Args;
        bool summary = args.Count == 3;
        if (!summary && (args.Count < 6 || args.Count > 9))
        {
            client.Reply.Error(Errors.Syntax);
            return;
        }
        long count = 0, minIdle = 0;
        StreamId start = default, end = default;
        int consumerArg = 0;
        if (!summary)
        {
            int startArg = 3;
            if (args.IsOption(3, "IDLE"u8))
            {
                if (!Numbers.TryParseLong(args[4], out minIdle))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (args.Count < 8)
                {
                    client.Reply.Error(Errors.Syntax);
                    return;
                }
                startArg += 2;
            }
            if (!Numbers.TryParseLong(args[startArg + 2], out count))
            {
                client.Reply.Error(Errors.NotInteger);
                return;
            }
            if (count < 0) count = 0;
            if (!StreamCommands.TryParseIntervalId(client, args[startArg], 0, out start, out bool startExclusive)) return;
            if (startExclusive && !start.TryIncrement(out start))
            {
                client.Reply.Error(Errors.StreamInvalidStart);
                return;
            }
            if (!StreamCommands.TryParseIntervalId(client, args[startArg + 1], ulong.MaxValue, out end, out bool endExclusive)) return;
            if (endExclusive && !end.TryDecrement(out end))
            {
                client.Reply.Error(Errors.StreamInvalidEnd);
                return;
            }
            if (startArg + 3 < args.Count) consumerArg = startArg + 3;
        }
        if (!TryLookupGroup(client, out _, out var group)) return;
        var reply = client.Reply;
        if (summary)
        {
            reply.ArrayHeader(4);
            reply.Integer(group.Pending.Count);
            if (group.Pending.Count == 0)
            {
                reply.NullBulk();
                reply.NullBulk();
                reply.NullArray();
                return;
            }
            StreamCommands.ReplyId(client, group.Pending.Min!.Id);
            StreamCommands.ReplyId(client, group.Pending.Max!.Id);
            int mark = reply.DeferArrayLength();
            long consumers = 0;
            foreach (var consumer in group.Consumers)
            {
                if (consumer.Pending.Count == 0) continue;
                reply.ArrayHeader(2);
                reply.Bulk(consumer.Name);
                reply.BulkLong(consumer.Pending.Count);
                consumers++;
            }
            reply.SetDeferredArrayLength(mark, consumers);
            return;
        }
        var pel = group.Pending;
        if (consumerArg > 0)
        {
            var consumer = group.FindConsumer(args[consumerArg]);
            if (consumer is null)
            {
                reply.ArrayHeader(0);
                return;
            }
            pel = consumer.Pending;
        }
        long now = Clock.UnixMs;
        int entriesMark = reply.DeferArrayLength();
        long replied = 0;
        if (count > 0)
        {
            foreach (var pending in group.PendingBetween(pel, start, end))
            {
                long idle = now - pending.DeliveryTime;
                if (minIdle != 0 && idle < minIdle) continue;
                reply.ArrayHeader(4);
                StreamCommands.ReplyId(client, pending.Id);
                reply.Bulk(pending.Consumer.Name);
                reply.Integer(Math.Max(0, idle));
                reply.Integer(pending.DeliveryCount);
                if (++replied == count) break;
            }
        }
        reply.SetDeferredArrayLength(entriesMark, replied);
    }

    /// <summary>
    /// Format: <c>XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]</c>
    /// Gives pending entries idle for at least min-idle-time to the consumer and replies them.
    /// </summary>
    public static void XClaim(Client client)
    {
        var args = client.Args;
        if (!TryLookupGroup(client, out var stream, out var group)) return;
        if (!Numbers.TryParseLong(args[4], out long minIdle))
        {
            client.Reply.Error(Errors.StreamClaimMinIdle);
            return;
        }
        if (minIdle < 0) minIdle = 0;
        int lastIdArg = 4;
        for (int j = 5; j < args.Count && StreamId.TryParse(args[j], 0, strict: true, allowAutoSeq: false, out _, out _); j++) lastIdArg = j;
        long now = Clock.UnixMs;
        long retryCount = -1, deliveryTime = -1;
        bool force = false, justId = false;
        var lastId = StreamId.Min;
        for (int j = lastIdArg + 1; j < args.Count; j++)
        {
            bool more = j + 1 < args.Count;
            if (args.IsOption(j, "FORCE"u8)) force = true;
            else if (args.IsOption(j, "JUSTID"u8)) justId = true;
            else if (more && args.IsOption(j, "IDLE"u8))
            {
                if (!Numbers.TryParseLong(args[++j], out deliveryTime))
                {
                    client.Reply.Error(Errors.StreamClaimIdle);
                    return;
                }
                deliveryTime = now - deliveryTime;
            }
            else if (more && args.IsOption(j, "TIME"u8))
            {
                if (!Numbers.TryParseLong(args[++j], out deliveryTime))
                {
                    client.Reply.Error(Errors.StreamClaimTime);
                    return;
                }
            }
            else if (more && args.IsOption(j, "RETRYCOUNT"u8))
            {
                if (!Numbers.TryParseLong(args[++j], out retryCount))
                {
                    client.Reply.Error(Errors.StreamClaimRetryCount);
                    return;
                }
            }
            else if (more && args.IsOption(j, "LASTID"u8))
            {
                if (!StreamCommands.TryParseStrictId(client, args[++j], 0, out lastId)) return;
            }
            else
            {
                client.Reply.Error(Errors.StreamClaimUnknownOption(Text(args[j])));
                return;
            }
        }
        if (lastId > group.LastId) group.LastId = lastId;
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) deliveryTime = now;

        var reply = client.Reply;
        int mark = reply.DeferArrayLength();
        long claimed = 0;
        StreamConsumer? consumer = null;
        for (int j = 5; j <= lastIdArg; j++)
        {
            StreamId.TryParse(args[j], 0, strict: true, allowAutoSeq: false, out var id, out _);
            var pending = group.FindPending(id);
            var entry = stream.Find(id);
            if (entry is null)
            {
                // An entry deleted since its delivery leaves the PEL now.
                if (pending is not null)
                {
                    group.RemovePending(pending);
                    client.Server.Dirty++;
                }
                continue;
            }
            bool forced = false;
            if (force && pending is null)
            {
                consumer ??= ConsumerFor(client, args[1], group, args[3], now);
                pending = group.AddPending(id, consumer, now);
                forced = true;
            }
            if (pending is null) continue;
            if (!forced && minIdle != 0 && now - pending.DeliveryTime < minIdle) continue;
            consumer ??= ConsumerFor(client, args[1], group, args[3], now);
            StreamConsumerGroup.Transfer(pending, consumer);
            pending.DeliveryTime = deliveryTime;
            if (retryCount >= 0) pending.DeliveryCount = retryCount;
            else if (!justId) pending.DeliveryCount++;
            if (justId) StreamCommands.ReplyId(client, id);
            else StreamCommands.ReplyEntry(client, entry);
            claimed++;
            client.Server.Dirty++;
        }
        reply.SetDeferredArrayLength(mark, claimed);
    }

    /// <summary>
    /// Format: <c>XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]</c>
    /// XCLAIM for the pending entries from start on that are idle long enough; replies
    /// [next start, claimed entries, IDs of deleted entries dropped from the PEL].
    /// </summary>
    public static void XAutoClaim(Client client)
    {
        var args = client.Args;
        if (!Numbers.TryParseLong(args[4], out long minIdle))
        {
            client.Reply.Error(Errors.StreamAutoClaimMinIdle);
            return;
        }
        if (minIdle < 0) minIdle = 0;
        if (!StreamCommands.TryParseIntervalId(client, args[5], 0, out var start, out bool exclusive)) return;
        if (exclusive && !start.TryIncrement(out start))
        {
            client.Reply.Error(Errors.StreamInvalidStart);
            return;
        }
        long count = 100;
        bool justId = false;
        const long AttemptsFactor = 10;
        for (int j = 6; j < args.Count; j++)
        {
            if (j + 1 < args.Count && args.IsOption(j, "COUNT"u8))
            {
                if (!Numbers.TryParseLong(args[++j], out count) || count < 1 || count > long.MaxValue / 16)
                {
                    client.Reply.Error(Errors.StreamAutoClaimCount);
                    return;
                }
            }
            else if (args.IsOption(j, "JUSTID"u8)) justId = true;
            else
            {
                client.Reply.Error(Errors.Syntax);
                return;
            }
        }
        if (!TryLookupGroup(client, out var stream, out var group)) return;

        // The PEL from start on, as far as this call may look (the entries it examines, plus
        // the one after them, which is the cursor for the next call).
        long attempts = count * AttemptsFactor;
        var examined = new List<StreamPendingEntry>();
        foreach (var pending in group.PendingBetween(group.Pending, start, StreamId.Max))
        {
            examined.Add(pending);
            if (examined.Count > attempts) break;
        }
        long now = Clock.UnixMs;
        var reply = client.Reply;
        reply.ArrayHeader(3);
        int cursorMark = reply.DeferArrayLength(); // the cursor goes here once known
        int entriesMark = reply.DeferArrayLength();
        var deleted = new List<StreamId>();
        StreamConsumer? consumer = null;
        long claimed = 0;
        int next = 0;
        while (attempts-- > 0 && count > 0 && next < examined.Count)
        {
            var pending = examined[next++];
            var entry = stream.Find(pending.Id);
            if (entry is null)
            {
                group.RemovePending(pending);
                client.Server.Dirty++;
                deleted.Add(pending.Id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - pending.DeliveryTime < minIdle) continue;
            consumer ??= ConsumerFor(client, args[1], group, args[3], now);
            StreamConsumerGroup.Transfer(pending, consumer);
            pending.DeliveryTime = now;
            if (!justId) pending.DeliveryCount++;
            if (justId) StreamCommands.ReplyId(client, pending.Id);
            else StreamCommands.ReplyEntry(client, entry);
            claimed++;
            client.Server.Dirty++;
            count--;
        }
        reply.SetDeferredArrayLength(entriesMark, claimed);
        reply.ArrayHeader(deleted.Count);
        foreach (var id in deleted) StreamCommands.ReplyId(client, id);
        // The cursor: the entry after the last one examined, 0-0 when the PEL is done.
        var cursor = next < examined.Count ? examined[next].Id : StreamId.Min;
        InsertIdAt(client, cursorMark, cursor);
    }

    // Writes a bulk ID at a mark taken earlier (cf. setDeferredReplyStreamID).
    private static void InsertIdAt(Client client, int mark, StreamId id)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxFormattedLength];
        int length = id.Format(text);
        client.Reply.InsertBulkAt(mark, text[..length]);
    }

    /// <summary>The named consumer, created (and announced, as streamCreateConsumer does) if new; seen now.</summary>
    internal static StreamConsumer ConsumerFor(Client client, ReadOnlySpan<byte> key, StreamConsumerGroup group, ReadOnlySpan<byte> name, long now)
    {
        var consumer = group.FindConsumer(name);
        if (consumer is null)
        {
            consumer = group.CreateConsumer(name, now)!;
            client.Server.Dirty++;
            KeyspaceEvents.Notify(client, NotifyClass.Stream, "xgroup-createconsumer"u8, key);
        }
        consumer.SeenTime = now;
        return consumer;
    }

    // ---- XINFO -------------------------------------------------------------------------

    /// <summary>
    /// Format: <c>XINFO STREAM key [FULL [COUNT count]]</c>
    /// The stream's counters and its first and last entries, or with FULL its entries, groups,
    /// pending entries and consumers (COUNT of each, 10 by default, 0 for all).
    /// </summary>
    public static void Stream(Client client)
    {
        var args = client.Args;
        if (!TryLookupForInfo(client, out var stream)) return;
        bool full = args.Count > 3;
        long count = 10;
        if (full)
        {
            if ((args.Count != 4 && args.Count != 6) || !args.Is(3, "FULL"u8) || (args.Count == 6 && !args.Is(4, "COUNT"u8)))
            {
                Help.SubcommandSyntaxError(client);
                return;
            }
            if (args.Count == 6)
            {
                if (!Numbers.TryParseLong(args[5], out count))
                {
                    client.Reply.Error(Errors.NotInteger);
                    return;
                }
                if (count < 0) count = 10;
            }
        }
        var reply = client.Reply;
        reply.MapHeader(full ? 9 : 10);
        reply.Bulk("length"u8);
        reply.Integer(stream.Length);
        reply.Bulk("radix-tree-keys"u8);
        reply.Integer(stream.NodeCount);
        reply.Bulk("radix-tree-nodes"u8);
        reply.Integer(stream.RadixTreeNodes());
        reply.Bulk("last-generated-id"u8);
        StreamCommands.ReplyId(client, stream.LastId);
        reply.Bulk("max-deleted-entry-id"u8);
        StreamCommands.ReplyId(client, stream.MaxDeletedId);
        reply.Bulk("entries-added"u8);
        reply.Integer(stream.EntriesAdded);
        reply.Bulk("recorded-first-entry-id"u8);
        StreamCommands.ReplyId(client, stream.FirstId);
        if (!full)
        {
            reply.Bulk("groups"u8);
            reply.Integer(stream.Groups.Count);
            reply.Bulk("first-entry"u8);
            ReplyEntryOrNull(client, stream.Edge(last: false));
            reply.Bulk("last-entry"u8);
            ReplyEntryOrNull(client, stream.Edge(last: true));
            return;
        }
        reply.Bulk("entries"u8);
        var range = stream.Between(StreamId.Min, StreamId.Max);
        StreamCommands.ReplyEntries(client, ref range, count, null, null, noAck: false);
        reply.Bulk("groups"u8);
        reply.ArrayHeader(stream.Groups.Count);
        foreach (var group in stream.Groups)
        {
            reply.MapHeader(7);
            reply.Bulk("name"u8);
            reply.Bulk(group.Name);
            reply.Bulk("last-delivered-id"u8);
            StreamCommands.ReplyId(client, group.LastId);
            reply.Bulk("entries-read"u8);
            ReplyEntriesRead(client, group);
            reply.Bulk("lag"u8);
            ReplyLag(client, stream, group);
            reply.Bulk("pel-count"u8);
            reply.Integer(group.Pending.Count);
            reply.Bulk("pending"u8);
            reply.ArrayHeader(Limited(group.Pending.Count, count));
            long shown = 0;
            foreach (var pending in group.Pending)
            {
                if (count != 0 && shown++ == count) break;
                reply.ArrayHeader(4);
                StreamCommands.ReplyId(client, pending.Id);
                reply.Bulk(pending.Consumer.Name);
                reply.Integer(pending.DeliveryTime);
                reply.Integer(pending.DeliveryCount);
            }
            reply.Bulk("consumers"u8);
            reply.ArrayHeader(group.Consumers.Count);
            foreach (var consumer in group.Consumers)
            {
                reply.MapHeader(4);
                reply.Bulk("name"u8);
                reply.Bulk(consumer.Name);
                reply.Bulk("seen-time"u8);
                reply.Integer(consumer.SeenTime);
                reply.Bulk("pel-count"u8);
                reply.Integer(consumer.Pending.Count);
                reply.Bulk("pending"u8);
                reply.ArrayHeader(Limited(consumer.Pending.Count, count));
                shown = 0;
                foreach (var pending in consumer.Pending)
                {
                    if (count != 0 && shown++ == count) break;
                    reply.ArrayHeader(3);
                    StreamCommands.ReplyId(client, pending.Id);
                    reply.Integer(pending.DeliveryTime);
                    reply.Integer(pending.DeliveryCount);
                }
            }
        }
    }

    /// <summary>Format: <c>XINFO GROUPS key</c>. Each group: name, consumers, pending, last-delivered-id, entries-read, lag.</summary>
    public static void Groups(Client client)
    {
        if (!TryLookupForInfo(client, out var stream)) return;
        var reply = client.Reply;
        reply.ArrayHeader(stream.Groups.Count);
        foreach (var group in stream.Groups)
        {
            reply.MapHeader(6);
            reply.Bulk("name"u8);
            reply.Bulk(group.Name);
            reply.Bulk("consumers"u8);
            reply.Integer(group.Consumers.Count);
            reply.Bulk("pending"u8);
            reply.Integer(group.Pending.Count);
            reply.Bulk("last-delivered-id"u8);
            StreamCommands.ReplyId(client, group.LastId);
            reply.Bulk("entries-read"u8);
            ReplyEntriesRead(client, group);
            reply.Bulk("lag"u8);
            ReplyLag(client, stream, group);
        }
    }

    /// <summary>Format: <c>XINFO CONSUMERS key group</c>. Each consumer: name, pending, idle.</summary>
    public static void Consumers(Client client)
    {
        var args = client.Args;
        if (!TryLookupForInfo(client, out var stream)) return;
        var group = stream.FindGroup(args[3]);
        if (group is null)
        {
            client.Reply.Error(Errors.StreamNoGroup(Text(args[3]), Text(args[2])));
            return;
        }
        var reply = client.Reply;
        long now = Clock.UnixMs;
        reply.ArrayHeader(group.Consumers.Count);
        foreach (var consumer in group.Consumers)
        {
            reply.MapHeader(3);
            reply.Bulk("name"u8);
            reply.Bulk(consumer.Name);
            reply.Bulk("pending"u8);
            reply.Integer(consumer.Pending.Count);
            reply.Bulk("idle"u8);
            reply.Integer(Math.Max(0, now - consumer.SeenTime));
        }
    }

    /// <summary>Format: <c>XINFO HELP</c></summary>
    public static void XInfoHelp(Client client) => Help.Reply(client, "XINFO",
    [
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
    ]);

    private static long Limited(long size, long count) => count == 0 ? size : Math.Min(size, count);

    private static void ReplyEntryOrNull(Client client, StreamEntry? entry)
    {
        if (entry is null) client.Reply.NullBulk();
        else StreamCommands.ReplyEntry(client, entry);
    }

    private static void ReplyEntriesRead(Client client, StreamConsumerGroup group)
    {
        if (group.EntriesRead == StreamConsumerGroup.UnknownEntriesRead) client.Reply.NullBulk();
        else client.Reply.Integer(group.EntriesRead);
    }

    private static void ReplyLag(Client client, RedisStream stream, StreamConsumerGroup group)
    {
        long? lag = stream.Lag(group);
        if (lag is null) client.Reply.NullBulk();
        else client.Reply.Integer(lag.Value);
    }

    private static bool TryLookupForInfo(Client client, out RedisStream stream)
    {
        stream = null!;
        if (!StreamCommands.TryLookup(client, client.Args[2], out var value)) return false;
        if (value is null)
        {
            client.Reply.Error(Errors.NoSuchKey);
            return false;
        }
        stream = value.As<RedisStream>();
        return true;
    }

    // ---- shared ------------------------------------------------------------------------

    // XPENDING, XCLAIM and XAUTOCLAIM: the key (args[1]) must hold the group (args[2]).
    private static bool TryLookupGroup(Client client, out RedisStream stream, out StreamConsumerGroup group)
    {
        var args = client.Args;
        stream = null!;
        group = null!;
        if (!StreamCommands.TryLookup(client, args[1], out var value)) return false;
        var found = value?.As<RedisStream>().FindGroup(args[2]);
        if (found is null)
        {
            client.Reply.Error(Errors.StreamNoKeyOrGroup(Text(args[1]), Text(args[2])));
            return false;
        }
        stream = value!.As<RedisStream>();
        group = found;
        return true;
    }

    /// <summary>XREADGROUP's NOGROUP error for a key and group.</summary>
    internal static string NoGroupForRead(ReadOnlySpan<byte> key, ReadOnlySpan<byte> group) =>
        Errors.StreamNoKeyOrGroupForRead(Text(key), Text(group));

    // A name as a C string in an error (cut at NUL; line breaks become spaces, as
    // addReplyErrorFormat makes them).
    private static string Text(ReadOnlySpan<byte> name) =>
        CommandExecutor.Printable(name, int.MaxValue).Replace('\r', ' ').Replace('\n', ' ');
}
