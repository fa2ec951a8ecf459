// Unit tests of the replication backlog: offsets, wrap-around, what a PSYNC can continue from, resizing.

using EventLoopRedis.Replication;

namespace EventLoopRedis.Tests.Replication;

public class ReplicationBacklogTests
{
    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] After(ReplicationBacklog backlog, long offset)
    {
        var copy = new List<byte>();
        backlog.CopyFrom(offset, piece => copy.AddRange(piece.ToArray()));
        return copy.ToArray();
    }

    [Test]
    public void ANewBacklogStartsAfterTheCurrentOffsetAndHoldsNothing()
    {
        var backlog = new ReplicationBacklog(1 << 20, startOffset: 500);
        Assert.That(backlog.EndOffset, Is.EqualTo(500));
        Assert.That(backlog.HistoryLength, Is.EqualTo(0));
        Assert.That(backlog.FirstByteOffset, Is.EqualTo(501));
        Assert.That(backlog.Covers(500), Is.True, "a replica at the current offset continues with nothing to send");
        Assert.That(backlog.Covers(499), Is.False);
        Assert.That(After(backlog, 500), Is.Empty);
    }

    [Test]
    public void TheSizeIsAtLeastRedisMinimum()
    {
        Assert.That(new ReplicationBacklog(1, 0).Size, Is.EqualTo(ReplicationBacklog.MinSize));
    }

    [Test]
    public void AppendedBytesAdvanceTheOffsetAndAreCopiedFromAnyOffsetInTheWindow()
    {
        var backlog = new ReplicationBacklog(1 << 20, 0);
        var stream = Bytes(5000, 1);
        backlog.Append(stream.AsSpan(0, 3000));
        backlog.Append(stream.AsSpan(3000));
        Assert.That(backlog.EndOffset, Is.EqualTo(5000));
        Assert.That(backlog.FirstByteOffset, Is.EqualTo(1));
        Assert.That(After(backlog, 0), Is.EqualTo(stream));
        Assert.That(After(backlog, 1234), Is.EqualTo(stream[1234..]));
        Assert.That(backlog.Covers(5001), Is.False, "a replica cannot be ahead of the primary");
    }

    [Test]
    public void OnceFullTheOldestBytesFallOutAcrossTheWrapAround()
    {
        var backlog = new ReplicationBacklog(ReplicationBacklog.MinSize, 0);
        var stream = Bytes(100_000, 2);
        for (int at = 0; at < stream.Length; at += 777) backlog.Append(stream.AsSpan(at, Math.Min(777, stream.Length - at)));
        long size = ReplicationBacklog.MinSize;
        Assert.That(backlog.HistoryLength, Is.EqualTo(size));
        Assert.That(backlog.FirstByteOffset, Is.EqualTo(stream.Length - size + 1));
        Assert.That(backlog.Covers(stream.Length - size), Is.True);
        Assert.That(backlog.Covers(stream.Length - size - 1), Is.False, "the byte after it is gone");
        Assert.That(After(backlog, stream.Length - size), Is.EqualTo(stream[^(int)size..]));
        Assert.That(After(backlog, stream.Length - 10), Is.EqualTo(stream[^10..]));
    }

    [Test]
    public void AWriteLargerThanTheBacklogKeepsItsLastBytes()
    {
        var backlog = new ReplicationBacklog(ReplicationBacklog.MinSize, 10);
        var big = Bytes(50_000, 3);
        backlog.Append(big);
        Assert.That(backlog.EndOffset, Is.EqualTo(50_010));
        Assert.That(After(backlog, backlog.FirstByteOffset - 1), Is.EqualTo(big[^(int)ReplicationBacklog.MinSize..]));
    }

    [Test]
    public void ResizingKeepsTheNewestHistoryThatFits()
    {
        var backlog = new ReplicationBacklog(64 * 1024, 0);
        var stream = Bytes(60_000, 4);
        backlog.Append(stream);
        backlog.Resize(20_000);
        Assert.That(backlog.Size, Is.EqualTo(20_000));
        Assert.That(backlog.EndOffset, Is.EqualTo(60_000));
        Assert.That(After(backlog, 40_000), Is.EqualTo(stream[40_000..]));
        backlog.Resize(100_000);
        backlog.Append(stream.AsSpan(0, 100));
        Assert.That(After(backlog, 40_000), Is.EqualTo(stream[40_000..].Concat(stream[..100]).ToArray()));
    }
}
