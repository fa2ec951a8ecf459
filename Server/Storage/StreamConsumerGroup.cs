// A stream's consumer group: its last delivered ID, its read counter, its pending entries list
// (PEL) and its consumers. cf. streamCG, streamConsumer and streamNACK in stream.h and the
// group half of t_stream.c (streamCreateCG, streamLookupConsumer, streamDelConsumer).

namespace EventLoopRedis.Storage;

/// <summary>A delivered, not yet acknowledged entry (a NACK): in the group's PEL and its consumer's.</summary>
internal sealed class StreamPendingEntry(StreamId id, StreamConsumer consumer, long deliveryTime)
{
    public StreamId Id { get; } = id;
    public StreamConsumer Consumer { get; set; } = consumer;

    /// <summary>Unix milliseconds of the last delivery: what idle times are measured from.</summary>
    public long DeliveryTime { get; set; } = deliveryTime;
    public long DeliveryCount { get; set; } = 1;
}

/// <summary>A consumer of a group and the entries delivered to it and not acknowledged.</summary>
internal sealed class StreamConsumer(byte[] name, long seenTime)
{
    public byte[] Name { get; } = name;

    /// <summary>Unix milliseconds of the consumer's last read or claim (XINFO CONSUMERS' idle).</summary>
    public long SeenTime { get; set; } = seenTime;

    public SortedSet<StreamPendingEntry> Pending { get; } = new(PendingOrder.Instance);
}

/// <summary>Pending entries in ID order, as Redis's PEL radix trees keep them.</summary>
internal sealed class PendingOrder : IComparer<StreamPendingEntry>
{
    public static readonly PendingOrder Instance = new();
    public int Compare(StreamPendingEntry? x, StreamPendingEntry? y) => x!.Id.CompareTo(y!.Id);
}

internal sealed class StreamConsumerGroup(byte[] name, StreamId lastId, long entriesRead)
{
    /// <summary>The value of <see cref="EntriesRead"/> when the count is unknown (SCG_INVALID_ENTRIES_READ).</summary>
    public const long UnknownEntriesRead = -1;

    // Consumers sorted by name, bytewise, the order Redis's radix tree gives XINFO CONSUMERS.
    private readonly List<StreamConsumer> _consumers = [];

    // Probes for looking entries up in the PEL without allocating one each time.
    private readonly StreamConsumer _probeOwner = new([], 0);

    public byte[] Name { get; } = name;

    /// <summary>The last ID delivered to a consumer by <c>&gt;</c> reads (set by XGROUP SETID too).</summary>
    public StreamId LastId { get; set; } = lastId;

    /// <summary>The logical read counter behind the lag, or <see cref="UnknownEntriesRead"/>.</summary>
    public long EntriesRead { get; set; } = entriesRead;

    public SortedSet<StreamPendingEntry> Pending { get; } = new(PendingOrder.Instance);

    public IReadOnlyList<StreamConsumer> Consumers => _consumers;

    public StreamConsumer? FindConsumer(ReadOnlySpan<byte> name)
    {
        int index = IndexOf(name);
        return index >= 0 ? _consumers[index] : null;
    }

    /// <summary>Adds a consumer; null if one with that name exists (cf. streamCreateConsumer).</summary>
    public StreamConsumer? CreateConsumer(ReadOnlySpan<byte> name, long now)
    {
        int index = IndexOf(name);
        if (index >= 0) return null;
        var consumer = new StreamConsumer(name.ToArray(), now);
        _consumers.Insert(~index, consumer);
        return consumer;
    }

    /// <summary>
    /// Removes a consumer and its pending entries from the group's PEL too, and returns how
    /// many it had; -1 when there is no such consumer (cf. streamDelConsumer).
    /// </summary>
    public long DeleteConsumer(ReadOnlySpan<byte> name)
    {
        int index = IndexOf(name);
        if (index < 0) return -1;
        var consumer = _consumers[index];
        long pending = consumer.Pending.Count;
        foreach (var entry in consumer.Pending) Pending.Remove(entry);
        _consumers.RemoveAt(index);
        return pending;
    }

    public StreamPendingEntry? FindPending(StreamId id) =>
        Pending.TryGetValue(new StreamPendingEntry(id, _probeOwner, 0), out var found) ? found : null;

    /// <summary>Records a new delivery of <paramref name="id"/> to <paramref name="consumer"/>.</summary>
    public StreamPendingEntry AddPending(StreamId id, StreamConsumer consumer, long now)
    {
        var entry = new StreamPendingEntry(id, consumer, now);
        Pending.Add(entry);
        consumer.Pending.Add(entry);
        return entry;
    }

    /// <summary>Moves a pending entry to another consumer (XCLAIM, and a history-less re-delivery).</summary>
    public static void Transfer(StreamPendingEntry entry, StreamConsumer to)
    {
        if (entry.Consumer == to) return;
        entry.Consumer.Pending.Remove(entry);
        entry.Consumer = to;
        to.Pending.Add(entry);
    }

    /// <summary>Acknowledges: drops the entry from both PELs.</summary>
    public void RemovePending(StreamPendingEntry entry)
    {
        Pending.Remove(entry);
        entry.Consumer.Pending.Remove(entry);
    }

    /// <summary>The pending entries with IDs from <paramref name="start"/> to <paramref name="end"/>, in order.</summary>
    public SortedSet<StreamPendingEntry> PendingBetween(SortedSet<StreamPendingEntry> pel, StreamId start, StreamId end) =>
        start > end ? [] : pel.GetViewBetween(new StreamPendingEntry(start, _probeOwner, 0), new StreamPendingEntry(end, _probeOwner, 0));

    /// <summary>A copy for COPY: the same consumers and pending entries, sharing nothing mutable.</summary>
    public StreamConsumerGroup Duplicate()
    {
        var copy = new StreamConsumerGroup(Name, LastId, EntriesRead);
        foreach (var consumer in _consumers)
        {
            var consumerCopy = new StreamConsumer(consumer.Name, consumer.SeenTime);
            copy._consumers.Add(consumerCopy);
            foreach (var entry in consumer.Pending)
            {
                var entryCopy = new StreamPendingEntry(entry.Id, consumerCopy, entry.DeliveryTime) { DeliveryCount = entry.DeliveryCount };
                copy.Pending.Add(entryCopy);
                consumerCopy.Pending.Add(entryCopy);
            }
        }
        return copy;
    }

    private int IndexOf(ReadOnlySpan<byte> name) => SearchByName(_consumers, name, c => c.Name);

    /// <summary>Binary search of a list sorted bytewise by name; the complement of the insertion point when absent.</summary>
    public static int SearchByName<T>(List<T> sorted, ReadOnlySpan<byte> name, Func<T, byte[]> nameOf)
    {
        int low = 0, high = sorted.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int order = nameOf(sorted[middle]).AsSpan().SequenceCompareTo(name);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return ~low;
    }
}
