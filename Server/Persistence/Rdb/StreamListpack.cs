// A stream node as Redis's listpack: the master entry, then each entry with its flags, its ID as
// deltas from the master ID, its fields (or only values when they match the master's) and lp-count.
// cf. streamAppendItem, lpGetEdgeStreamID, streamValidateListpackIntegrity in t_stream.c.

using EventLoopRedis.Storage;

namespace EventLoopRedis.Persistence.Rdb;

/// <summary>
/// The layout, each item a listpack entry:
/// <code>
/// master entry: count | deleted | num-fields | field_1 .. field_N | 0
/// each entry:   flags | ms-diff | seq-diff | (num-fields | field value ..) or (value ..) | lp-count
/// </code>
/// flags has bit 1 for a deleted entry and bit 2 when the entry's fields are the master's
/// (only its values are stored); lp-count is how many items the entry took before it, so the
/// listpack can be walked backwards.
/// </summary>
internal static class StreamListpack
{
    private const int FlagDeleted = 1;   // STREAM_ITEM_FLAG_DELETED
    private const int FlagSameFields = 2; // STREAM_ITEM_FLAG_SAMEFIELDS

    /// <summary>The listpack of <paramref name="node"/>, byte for byte what Redis keeps for the same entries.</summary>
    public static Listpack Build(StreamNode node)
    {
        var listpack = new Listpack(256);
        var master = node.MasterFields;
        AppendInteger(listpack, node.Live);
        AppendInteger(listpack, node.DeletedCount);
        AppendInteger(listpack, master.Count);
        foreach (var field in master) listpack.Append(new Listpack.Element(field));
        AppendInteger(listpack, 0);
        for (int i = 0; i < node.Count; i++)
        {
            var entry = node[i];
            var pairs = entry.Pairs;
            int fields = pairs.Length / 2;
            bool sameFields = fields == master.Count;
            for (int f = 0; sameFields && f < fields; f++) sameFields = pairs[2 * f].AsSpan().SequenceEqual(master[f]);
            AppendInteger(listpack, (entry.Deleted ? FlagDeleted : 0) | (sameFields ? FlagSameFields : 0));
            AppendInteger(listpack, unchecked((long)(entry.Id.Ms - node.MasterId.Ms)));
            AppendInteger(listpack, unchecked((long)(entry.Id.Seq - node.MasterId.Seq)));
            if (!sameFields) AppendInteger(listpack, fields);
            for (int f = 0; f < fields; f++)
            {
                if (!sameFields) listpack.Append(new Listpack.Element(pairs[2 * f]));
                listpack.Append(new Listpack.Element(pairs[2 * f + 1]));
            }
            AppendInteger(listpack, sameFields ? fields + 3 : 2 * fields + 4);
        }
        return listpack;
    }

    private static void AppendInteger(Listpack listpack, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        listpack.Append(new Listpack.Element(digits[..Protocol.Numbers.FormatLong(value, digits)]));
    }

    /// <summary>
    /// The node in <paramref name="blob"/>, whose radix tree key was <paramref name="masterId"/>,
    /// checked as streamValidateListpackIntegrity does deeply: counts that add up, entries in
    /// ascending ID order, every lp-count right. Throws <see cref="RdbFormatException"/>.
    /// </summary>
    public static StreamNode Read(ReadOnlySpan<byte> blob, StreamId masterId)
    {
        const string what = "Stream listpack";
        var reader = ListpackBlob.Open(blob, what);
        if (reader.Count == 0) throw new RdbFormatException("Empty listpack inside stream");
        long live = reader.NextInteger();
        long deleted = reader.NextInteger();
        long masterFieldCount = reader.NextInteger();
        if (live < 0 || deleted < 0 || masterFieldCount < 0 || masterFieldCount > reader.Count)
            throw new RdbFormatException("Stream listpack: bad master entry");
        var masterFields = new byte[masterFieldCount][];
        for (int i = 0; i < masterFieldCount; i++) masterFields[i] = reader.NextArray();
        if (reader.NextInteger() != 0) throw new RdbFormatException("Stream listpack: master entry not terminated by 0");

        StreamNode? node = null;
        long seenLive = 0, seenDeleted = 0;
        StreamId previous = default;
        while (reader.Next(out var flagBytes, out long flags, out bool isInteger))
        {
            if (!isInteger && !Protocol.Numbers.TryParseLong(flagBytes, out flags)) throw new RdbFormatException("Stream listpack: bad entry flags");
            var id = new StreamId(unchecked(masterId.Ms + (ulong)reader.NextInteger()), unchecked(masterId.Seq + (ulong)reader.NextInteger()));
            if (node is not null && id <= previous) throw new RdbFormatException("Stream listpack: entry IDs not ascending");
            if (node is null && id < masterId) throw new RdbFormatException("Stream listpack: entry ID before the master ID");
            previous = id;
            bool sameFields = (flags & FlagSameFields) != 0;
            long fields = sameFields ? masterFieldCount : reader.NextInteger();
            if (fields < 0 || fields > reader.Count) throw new RdbFormatException("Stream listpack: bad field count");
            var pairs = new byte[2 * fields][];
            for (int f = 0; f < fields; f++)
            {
                pairs[2 * f] = sameFields ? masterFields[f] : reader.NextArray();
                pairs[2 * f + 1] = reader.NextArray();
            }
            long lpCount = reader.NextInteger();
            if (lpCount != (sameFields ? fields + 3 : 2 * fields + 4)) throw new RdbFormatException("Stream listpack: bad lp-count");
            var entry = new StreamEntry(id, pairs);
            if (node is null)
            {
                if (id != masterId) throw new RdbFormatException("Stream listpack: first entry ID differs from the master ID");
                node = new StreamNode(entry);
            }
            else node.Append(entry);
            if ((flags & FlagDeleted) != 0)
            {
                node.MarkDeleted(node.Count - 1);
                seenDeleted++;
            }
            else seenLive++;
        }
        if (node is null) throw new RdbFormatException("Stream listpack: no entries after the master entry");
        if (seenLive != live || seenDeleted != deleted) throw new RdbFormatException("Stream listpack: entry counts do not match the master entry");
        if (live == 0) throw new RdbFormatException("Empty listpack inside stream");
        return node;
    }
}
