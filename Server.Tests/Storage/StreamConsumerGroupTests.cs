// Tests for StreamConsumerGroup: consumers kept in name order, the group PEL and each
// consumer's PEL holding the same pending entries, transfers, acknowledgements and ranges.

using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class StreamConsumerGroupTests
{
    private static StreamConsumerGroup Group() => new("g"u8.ToArray(), StreamId.Min, 0);

    [Test]
    public void ConsumersAreKeptInBytewiseNameOrder()
    {
        var group = Group();
        foreach (var name in new[] { "bob", "alice", "Zed", "\xffx", "al" })
            Assert.That(group.CreateConsumer(System.Text.Encoding.Latin1.GetBytes(name), 1), Is.Not.Null);
        Assert.That(group.CreateConsumer("bob"u8, 2), Is.Null, "a name is created once");
        Assert.That(group.Consumers.Select(c => System.Text.Encoding.Latin1.GetString(c.Name)),
            Is.EqualTo(new[] { "Zed", "al", "alice", "bob", "\xffx" }));
    }

    [Test]
    public void PendingEntriesLiveInBothPelsUntilAcknowledged()
    {
        var group = Group();
        var alice = group.CreateConsumer("alice"u8, 0)!;
        var first = group.AddPending(new StreamId(1, 0), alice, 100);
        group.AddPending(new StreamId(2, 0), alice, 100);
        Assert.That(group.Pending.Count, Is.EqualTo(2));
        Assert.That(alice.Pending.Count, Is.EqualTo(2));
        Assert.That(group.FindPending(new StreamId(1, 0)), Is.SameAs(first));
        group.RemovePending(first);
        Assert.That(group.FindPending(new StreamId(1, 0)), Is.Null);
        Assert.That(alice.Pending.Count, Is.EqualTo(1));
    }

    [Test]
    public void TransferMovesAnEntryBetweenConsumers()
    {
        var group = Group();
        var alice = group.CreateConsumer("alice"u8, 0)!;
        var bob = group.CreateConsumer("bob"u8, 0)!;
        var entry = group.AddPending(new StreamId(1, 0), alice, 100);
        StreamConsumerGroup.Transfer(entry, bob);
        Assert.That(entry.Consumer, Is.SameAs(bob));
        Assert.That(alice.Pending, Is.Empty);
        Assert.That(bob.Pending, Has.Count.EqualTo(1));
    }

    [Test]
    public void DeletingAConsumerDropsItsPendingEntries()
    {
        var group = Group();
        var alice = group.CreateConsumer("alice"u8, 0)!;
        var bob = group.CreateConsumer("bob"u8, 0)!;
        group.AddPending(new StreamId(1, 0), alice, 0);
        group.AddPending(new StreamId(2, 0), alice, 0);
        group.AddPending(new StreamId(3, 0), bob, 0);
        Assert.That(group.DeleteConsumer("alice"u8), Is.EqualTo(2));
        Assert.That(group.DeleteConsumer("alice"u8), Is.EqualTo(-1));
        Assert.That(group.Pending.Select(p => p.Id.Ms), Is.EqualTo(new ulong[] { 3 }));
    }

    [Test]
    public void PendingBetweenIsAnInclusiveRange()
    {
        var group = Group();
        var alice = group.CreateConsumer("alice"u8, 0)!;
        for (ulong i = 1; i <= 5; i++) group.AddPending(new StreamId(i, 0), alice, 0);
        Assert.That(group.PendingBetween(group.Pending, new StreamId(2, 0), new StreamId(4, 0)).Select(p => p.Id.Ms),
            Is.EqualTo(new ulong[] { 2, 3, 4 }));
        Assert.That(group.PendingBetween(alice.Pending, new StreamId(4, 0), new StreamId(2, 0)), Is.Empty);
    }
}
