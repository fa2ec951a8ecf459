// Tests for RedisStream: appending into nodes, range walks both ways over tombstones, deletion,
// trimming exact and by whole nodes, the counters, the radix tree node count and copies.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class RedisStreamTests
{
    private static RedisStream With(int entries, long maxEntries = 100)
    {
        var stream = new RedisStream();
        for (int i = 1; i <= entries; i++) stream.Append(new StreamId((ulong)i, 0), [Encoding.ASCII.GetBytes("f"), Encoding.ASCII.GetBytes(i.ToString())], 4096, maxEntries);
        return stream;
    }

    private static List<ulong> Walk(RedisStream stream, ulong from, ulong to, bool reverse = false)
    {
        var ids = new List<ulong>();
        var range = stream.Between(new StreamId(from, 0), new StreamId(to, 0), reverse);
        while (range.MoveNext()) ids.Add(range.Current.Id.Ms);
        return ids;
    }

    [Test]
    public void AppendsFillNodesOfTheConfiguredSize()
    {
        var stream = With(25, maxEntries: 10);
        Assert.That(stream.Length, Is.EqualTo(25));
        Assert.That(stream.NodeCount, Is.EqualTo(3));
        Assert.That(stream.LastId, Is.EqualTo(new StreamId(25, 0)));
        Assert.That(stream.FirstId, Is.EqualTo(new StreamId(1, 0)));
        Assert.That(stream.EntriesAdded, Is.EqualTo(25));
    }

    [Test]
    public void RangesWalkAcrossNodesBothWays()
    {
        var stream = With(25, maxEntries: 10);
        Assert.That(Walk(stream, 8, 13), Is.EqualTo(new ulong[] { 8, 9, 10, 11, 12, 13 }));
        Assert.That(Walk(stream, 8, 13, reverse: true), Is.EqualTo(new ulong[] { 13, 12, 11, 10, 9, 8 }));
        Assert.That(Walk(stream, 24, 99), Is.EqualTo(new ulong[] { 24, 25 }));
        Assert.That(Walk(stream, 0, 1, reverse: true), Is.EqualTo(new ulong[] { 1 }));
        Assert.That(Walk(stream, 30, 40), Is.Empty);
        Assert.That(Walk(stream, 5, 4), Is.Empty);
    }

    [Test]
    public void DeletedEntriesAreSkippedAndAnEmptiedNodeGoes()
    {
        var stream = With(20, maxEntries: 10);
        Assert.That(stream.Delete(new StreamId(3, 0)), Is.True);
        Assert.That(stream.Delete(new StreamId(3, 0)), Is.False);
        Assert.That(Walk(stream, 2, 4), Is.EqualTo(new ulong[] { 2, 4 }));
        for (ulong i = 11; i <= 20; i++) stream.Delete(new StreamId(i, 0));
        Assert.That(stream.NodeCount, Is.EqualTo(1));
        Assert.That(stream.Length, Is.EqualTo(9));
        Assert.That(stream.MaxDeletedId, Is.EqualTo(new StreamId(20, 0)));
        Assert.That(stream.Find(new StreamId(3, 0)), Is.Null);
        Assert.That(stream.Find(new StreamId(4, 0))!.Id, Is.EqualTo(new StreamId(4, 0)));
    }

    [Test]
    public void DeletingTheFirstEntryMovesTheFirstId()
    {
        var stream = With(3);
        stream.Delete(new StreamId(1, 0));
        Assert.That(stream.FirstId, Is.EqualTo(new StreamId(2, 0)));
        stream.Delete(new StreamId(2, 0));
        stream.Delete(new StreamId(3, 0));
        Assert.That(stream.FirstId, Is.EqualTo(StreamId.Min));
        Assert.That(stream.Length, Is.Zero);
    }

    [Test]
    public void ApproximateTrimmingRemovesWholeNodesOnly()
    {
        var stream = With(35, maxEntries: 10);
        Assert.That(stream.Trim(StreamTrimStrategy.MaxLen, 22, default, approximate: true, limit: 0), Is.EqualTo(10));
        Assert.That(stream.Length, Is.EqualTo(25));
        Assert.That(stream.Trim(StreamTrimStrategy.MaxLen, 0, default, approximate: true, limit: 15), Is.EqualTo(10), "the limit stops before a node past it");
        Assert.That(stream.FirstId, Is.EqualTo(new StreamId(21, 0)));
    }

    [Test]
    public void ExactTrimmingMarksEntriesInsideANode()
    {
        var stream = With(35, maxEntries: 10);
        Assert.That(stream.Trim(StreamTrimStrategy.MaxLen, 22, default, approximate: false, limit: 0), Is.EqualTo(13));
        Assert.That(stream.Length, Is.EqualTo(22));
        Assert.That(stream.FirstId, Is.EqualTo(new StreamId(14, 0)));
        Assert.That(stream.Trim(StreamTrimStrategy.MinId, 0, new StreamId(16, 0), approximate: false, limit: 0), Is.EqualTo(2));
        Assert.That(Walk(stream, 0, 17), Is.EqualTo(new ulong[] { 16, 17 }));
    }

    [Test]
    public void RadixTreeNodesCountsRootKeysForksAndBranches()
    {
        Assert.That(new RedisStream().RadixTreeNodes(), Is.EqualTo(1));
        Assert.That(With(1).RadixTreeNodes(), Is.EqualTo(2), "the root's compressed run and the key");
        var twoNodes = With(2, maxEntries: 1);
        // Keys 1-0 and 2-0 part after 7 bytes: the root's run, the fork, a run starting each
        // branch, and the two key ends.
        Assert.That(twoNodes.RadixTreeNodes(), Is.EqualTo(6));
    }

    [Test]
    public void EstimatesFollowTheFirstEverEntry()
    {
        var stream = With(5);
        Assert.That(stream.EstimateDistanceFromFirstEverEntry(new StreamId(5, 0)), Is.EqualTo(5));
        Assert.That(stream.EstimateDistanceFromFirstEverEntry(new StreamId(1, 0)), Is.EqualTo(1));
        Assert.That(stream.EstimateDistanceFromFirstEverEntry(new StreamId(0, 5)), Is.EqualTo(0));
        Assert.That(stream.EstimateDistanceFromFirstEverEntry(new StreamId(3, 0)), Is.EqualTo(StreamConsumerGroup.UnknownEntriesRead));
        Assert.That(stream.EstimateDistanceFromFirstEverEntry(new StreamId(9, 0)), Is.EqualTo(StreamConsumerGroup.UnknownEntriesRead));
    }

    [Test]
    public void DuplicateSharesNothingMutable()
    {
        var stream = With(5);
        stream.CreateGroup("g"u8, new StreamId(2, 0), 2);
        var copy = (RedisStream)stream.Duplicate();
        stream.Delete(new StreamId(1, 0));
        stream.FindGroup("g"u8)!.LastId = new StreamId(5, 0);
        Assert.That(copy.Length, Is.EqualTo(5));
        Assert.That(copy.Find(new StreamId(1, 0)), Is.Not.Null);
        Assert.That(copy.FindGroup("g"u8)!.LastId, Is.EqualTo(new StreamId(2, 0)));
    }
}
