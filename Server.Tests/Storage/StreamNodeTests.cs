// Tests for StreamNode: the listpack size it accounts, which decides (with the entry count)
// where Redis starts a new node, and its tombstones. cf. streamAppendItem in t_stream.c.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class StreamNodeTests
{
    private static StreamEntry Entry(ulong ms, ulong seq, params string[] pairs) =>
        new(new StreamId(ms, seq), pairs.Select(p => Encoding.Latin1.GetBytes(p)).ToArray());

    [Test]
    public void AFirstEntryCostsItsMasterEntryAndItsCompressedSelf()
    {
        var node = new StreamNode(Entry(5, 0, "f", "v"));
        // Header 6 + end 1; master: count 1, deleted 0, num-fields 1, "f" (2+1), 0 terminator:
        // 2+2+2+3+2; entry: flags, ms and seq deltas (2 each), "v" (3), lp-count (2).
        Assert.That(node.ListpackBytes, Is.EqualTo(7 + 11 + 11));
        Assert.That(node.Count, Is.EqualTo(1));
        Assert.That(node.Live, Is.EqualTo(1));
    }

    [Test]
    public void EntriesWithOtherFieldsCarryTheirFieldNames()
    {
        var node = new StreamNode(Entry(5, 0, "f", "v"));
        long before = node.ListpackBytes;
        node.Append(Entry(5, 1, "g", "v"));
        // flags, deltas, num-fields (2 each), "g" and "v" (3 each), lp-count (2).
        Assert.That(node.ListpackBytes - before, Is.EqualTo(2 * 4 + 3 * 2 + 2));
        before = node.ListpackBytes;
        node.Append(Entry(5, 2, "f", "12345"));
        // Same fields as the master: no names; the value 12345 is a 16-bit integer (3 + 1).
        Assert.That(node.ListpackBytes - before, Is.EqualTo(2 * 3 + 4 + 2));
    }

    [Test]
    public void FullnessFollowsRedisBytesAndEntryRules()
    {
        var node = new StreamNode(Entry(1, 0, "f", "v"));
        Assert.That(node.IsFullFor(1, 4096, 2), Is.False);
        node.Append(Entry(1, 1, "f", "v"));
        Assert.That(node.IsFullFor(1, 4096, 2), Is.True, "count reached stream-node-max-entries");
        Assert.That(node.IsFullFor(1, 4096, 0), Is.False, "0 entries is no limit");
        Assert.That(node.IsFullFor(4096 - node.ListpackBytes, 4096, 0), Is.True, "bytes plus the new fields' length reach the limit");
        Assert.That(node.IsFullFor(4095 - node.ListpackBytes, 4096, 0), Is.False);
    }

    [Test]
    public void DeletedEntriesStayAsTombstonesAndStillCount()
    {
        var node = new StreamNode(Entry(1, 0, "f", "v"));
        node.Append(Entry(1, 1, "f", "v"));
        long bytes = node.ListpackBytes;
        node.MarkDeleted(0);
        Assert.That(node.Live, Is.EqualTo(1));
        Assert.That(node.DeletedCount, Is.EqualTo(1));
        Assert.That(node.Count, Is.EqualTo(2));
        Assert.That(node.ListpackBytes, Is.EqualTo(bytes), "flags and small counters keep their sizes");
        Assert.That(node.IsFullFor(1, 4096, 2), Is.True, "a deleted entry still takes a slot");
    }

    [Test]
    public void SearchFindsAnIdOrWhereItWouldGo()
    {
        var node = new StreamNode(Entry(1, 0, "f", "v"));
        node.Append(Entry(1, 5, "f", "v"));
        node.Append(Entry(3, 0, "f", "v"));
        Assert.That(node.Search(new StreamId(1, 5)), Is.EqualTo(1));
        Assert.That(~node.Search(new StreamId(2, 0)), Is.EqualTo(2));
        Assert.That(~node.Search(new StreamId(9, 0)), Is.EqualTo(3));
    }
}
