// Tests for Quicklist: node limits for every kind of fill, pushes and index lookups from both
// ends, iterator deletes and inserts that split and merge nodes, range deletes, and the memory
// a million short elements take. cf. Redis's quicklist.c tests.

using System.Globalization;
using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class QuicklistTests
{
    private static byte[] B(string text) => Encoding.Latin1.GetBytes(text);

    private static List<string> Items(Quicklist list)
    {
        var result = new List<string>();
        Span<byte> digits = stackalloc byte[20];
        var iterator = list.IterateFrom(0, forward: true);
        while (iterator.MoveNext()) result.Add(Encoding.Latin1.GetString(iterator.Current(digits)));
        return result;
    }

    private static List<string> ItemsBackward(Quicklist list)
    {
        var result = new List<string>();
        Span<byte> digits = stackalloc byte[20];
        var iterator = list.IterateFrom(-1, forward: false);
        while (iterator.MoveNext()) result.Add(Encoding.Latin1.GetString(iterator.Current(digits)));
        result.Reverse();
        return result;
    }

    private static string At(Quicklist list, long index)
    {
        Span<byte> digits = stackalloc byte[20];
        return list.TryGet(index, digits, out var value) ? Encoding.Latin1.GetString(value) : "<none>";
    }

    /// <summary>No node is empty, the counts add up, and a node of several entries respects the fill.</summary>
    private static void AssertWellFormed(Quicklist list, int fill)
    {
        long total = 0;
        int nodes = 0;
        foreach (var (count, bytes, _) in list.NodeShapes())
        {
            nodes++;
            total += count;
            Assert.That(count, Is.GreaterThan(0), "empty node");
            if (count == 1) continue;
            if (fill >= 0) Assert.That(count <= fill && bytes <= 8192, $"node of {count} entries, {bytes} bytes, over fill {fill}");
            else Assert.That(bytes, Is.LessThanOrEqualTo(4096 << (-fill - 1)), $"node over fill {fill}");
        }
        Assert.That(total, Is.EqualTo(list.Count));
        Assert.That(nodes, Is.EqualTo(list.NodeCount));
    }

    [Test]
    public void PushesAtBothEndsKeepOrder()
    {
        var list = new Quicklist(3);
        for (int i = 0; i < 10; i++)
        {
            list.Push(B("h" + i), head: true);
            list.Push(B("t" + i), head: false);
        }
        var expected = Enumerable.Range(0, 10).Reverse().Select(i => "h" + i).Concat(Enumerable.Range(0, 10).Select(i => "t" + i)).ToList();
        Assert.That(Items(list), Is.EqualTo(expected));
        Assert.That(ItemsBackward(list), Is.EqualTo(expected));
        Assert.That(list.Count, Is.EqualTo(20));
        Assert.That(list.Encoding, Is.EqualTo(ObjectEncoding.Quicklist));
        AssertWellFormed(list, 3);
    }

    [TestCase(1, 10)]
    [TestCase(3, 4)]
    [TestCase(0, 10)]
    public void AnEntryCountFillBoundsEachNode(int fill, int nodes)
    {
        var list = new Quicklist(fill);
        for (int i = 0; i < 10; i++) list.Push(B("x"), head: false);
        Assert.That(list.NodeCount, Is.EqualTo(nodes));
    }

    [Test]
    public void AnEntryCountFillStillStopsAtEightKilobytes()
    {
        var list = new Quicklist(1000);
        for (int i = 0; i < 20; i++) list.Push(B(new string('x', 1000)), head: false);
        Assert.That(list.NodeShapes().Select(n => n.Count), Is.EqualTo(new[] { 8, 8, 4 }));
        AssertWellFormed(list, 1000);
    }

    [TestCase(-1, 4)]
    [TestCase(-2, 8)]
    [TestCase(-5, 65)]
    public void ASizeFillBoundsEachNodeInKilobytes(int fill, int perNode)
    {
        var list = new Quicklist(fill);
        for (int i = 0; i < 200; i++) list.Push(B(new string('x', 1000)), head: i % 2 == 0);
        Assert.That(list.NodeShapes().Max(n => n.Count), Is.EqualTo(perNode));
        AssertWellFormed(list, fill);
    }

    [Test]
    public void AnElementLargerThanANodeGetsANodeOfItsOwn()
    {
        var list = new Quicklist(-1);
        list.Push(B("a"), head: false);
        list.Push(B(new string('L', 10_000)), head: false);
        list.Push(B("b"), head: false);
        Assert.That(list.NodeShapes().Select(n => n.Count), Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(At(list, 1), Has.Length.EqualTo(10_000));
    }

    [Test]
    public void FillIsClampedLikeRedis()
    {
        var small = new Quicklist(-100);
        var large = new Quicklist(int.MaxValue);
        for (int i = 0; i < 70_000; i++)
        {
            small.Push(B("1"), head: false);
            large.Push(B("1"), head: false);
        }
        AssertWellFormed(small, -5);
        // Redis's estimate (listpack size + element length + 8 within the limit) stops a node of 2-byte
        // entries at 32761 in 64 KB and 4089 in the 8 KB safety limit (redis-server 7.0.15: 65523
        // elements at fill -5 take 3 nodes).
        Assert.That(small.NodeShapes().First().Count, Is.EqualTo(32761));
        Assert.That(large.NodeShapes().First().Count, Is.EqualTo(4089));
        AssertWellFormed(large, 32767);
    }

    [Test]
    public void IndexesCountFromEitherEnd()
    {
        var list = new Quicklist(5);
        for (int i = 0; i < 53; i++) list.Push(B(i.ToString(CultureInfo.InvariantCulture)), head: false);
        for (int i = 0; i < 53; i++)
        {
            Assert.That(At(list, i), Is.EqualTo(i.ToString(CultureInfo.InvariantCulture)));
            Assert.That(At(list, i - 53), Is.EqualTo(i.ToString(CultureInfo.InvariantCulture)));
        }
        Assert.That(At(list, 53), Is.EqualTo("<none>"));
        Assert.That(At(list, -54), Is.EqualTo("<none>"));
        Assert.That(At(list, long.MinValue), Is.EqualTo("<none>"));
    }

    [Test]
    public void DeleteRangeUnlinksWholeNodesAndTrimsTheEdges()
    {
        var list = new Quicklist(4);
        for (int i = 0; i < 40; i++) list.Push(B("e" + i), head: false);
        list.DeleteRange(3, 30);
        Assert.That(Items(list), Is.EqualTo(new[] { "e0", "e1", "e2", "e33", "e34", "e35", "e36", "e37", "e38", "e39" }));
        list.DeleteRange(-2, 100);
        list.DeleteRange(0, 0);
        list.DeleteRange(100, 1);
        Assert.That(Items(list), Is.EqualTo(new[] { "e0", "e1", "e2", "e33", "e34", "e35", "e36", "e37" }));
        AssertWellFormed(list, 4);
        list.DeleteRange(0, list.Count);
        Assert.That(list.Count, Is.Zero);
        Assert.That(list.NodeCount, Is.Zero);
        list.Push(B("again"), head: true);
        Assert.That(Items(list), Is.EqualTo(new[] { "again" }));
    }

    [Test]
    public void InsertingIntoAFullNodeSplitsItAndMergesWhatFits()
    {
        var list = new Quicklist(4);
        for (int i = 0; i < 8; i++) list.Push(B("e" + i), head: false); // two full nodes
        var iterator = list.IterateFrom(1, forward: true);
        iterator.MoveNext();
        iterator.InsertBeside(B("new"), after: true);
        Assert.That(Items(list), Is.EqualTo(new[] { "e0", "e1", "new", "e2", "e3", "e4", "e5", "e6", "e7" }));
        AssertWellFormed(list, 4);

        // At a full node's tail the value goes to the head of the next node when it has room.
        var edge = new Quicklist(2);
        foreach (var value in new[] { "a", "b", "c" }) edge.Push(B(value), head: false);
        var atB = edge.IterateFrom(1, forward: true);
        atB.MoveNext();
        atB.InsertBeside(B("x"), after: true);
        Assert.That(edge.NodeShapes().Select(n => n.Count), Is.EqualTo(new[] { 2, 2 }));
        Assert.That(Items(edge), Is.EqualTo(new[] { "a", "b", "x", "c" }));
    }

    [Test]
    public void IteratorDeletesGoOnInEitherDirection()
    {
        foreach (bool forward in new[] { true, false })
        {
            var list = new Quicklist(3);
            for (int i = 0; i < 30; i++) list.Push(B(i % 3 == 0 ? "x" : "k" + i), head: false);
            var needle = new Listpack.Element(B("x"));
            var iterator = list.IterateFrom(forward ? 0 : -1, forward);
            int seen = 0;
            while (iterator.MoveNext())
            {
                seen++;
                if (iterator.CurrentMatches(needle)) iterator.DeleteCurrent();
            }
            Assert.That(seen, Is.EqualTo(30));
            Assert.That(Items(list), Is.EqualTo(Enumerable.Range(0, 30).Where(i => i % 3 != 0).Select(i => "k" + i)));
            AssertWellFormed(list, 3);
        }
    }

    [Test]
    public void ReplaceThatNoLongerFitsMovesTheElement()
    {
        var list = new Quicklist(-1);
        for (int i = 0; i < 12; i++) list.Push(B(new string((char)('a' + i), 1000)), head: false);
        Assert.That(list.TryReplace(5, B(new string('Z', 3000))), Is.True);
        Assert.That(list.TryReplace(-1, B("7")), Is.True);
        Assert.That(list.TryReplace(12, B("no")), Is.False);
        Assert.That(list.TryReplace(-13, B("no")), Is.False);
        Assert.That(At(list, 5), Is.EqualTo(new string('Z', 3000)));
        Assert.That(At(list, 4), Is.EqualTo(new string('e', 1000)));
        Assert.That(At(list, 6), Is.EqualTo(new string('g', 1000)));
        Assert.That(At(list, 11), Is.EqualTo("7"));
        Assert.That(list.Count, Is.EqualTo(12));
        AssertWellFormed(list, -1);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(-1)]
    [TestCase(-2)]
    public void RandomEditsAgreeWithASimpleList(int fill)
    {
        var random = new Random(fill + 100);
        var list = new Quicklist(fill);
        var model = new List<string>();
        for (int step = 0; step < 3000; step++)
        {
            string value = random.Next(3) switch
            {
                0 => random.Next(-10_000, 10_000).ToString(CultureInfo.InvariantCulture),
                1 => "s" + random.Next(10),
                _ => new string('p', random.Next(100, 1500)),
            };
            int op = random.Next(7);
            if (op <= 1 || model.Count == 0)
            {
                bool head = random.Next(2) == 0;
                list.Push(B(value), head);
                model.Insert(head ? 0 : model.Count, value);
            }
            else if (op == 2)
            {
                int index = random.Next(model.Count);
                bool after = random.Next(2) == 0;
                var iterator = list.IterateFrom(index, forward: true);
                iterator.MoveNext();
                iterator.InsertBeside(B(value), after);
                model.Insert(after ? index + 1 : index, value);
            }
            else if (op == 3)
            {
                int index = random.Next(model.Count);
                list.TryReplace(index, B(value));
                model[index] = value;
            }
            else if (op == 4)
            {
                int start = random.Next(model.Count), count = random.Next(1, 8);
                list.DeleteRange(start, count);
                model.RemoveRange(start, Math.Min(count, model.Count - start));
            }
            else
            {
                string target = "s" + random.Next(10);
                var needle = new Listpack.Element(B(target));
                bool forward = op == 5;
                var iterator = list.IterateFrom(forward ? 0 : -1, forward);
                while (iterator.MoveNext())
                    if (iterator.CurrentMatches(needle)) iterator.DeleteCurrent();
                model.RemoveAll(item => item == target);
            }
            if (step % 100 == 0 || step == 2999)
            {
                Assert.That(Items(list), Is.EqualTo(model), $"step {step}");
                Assert.That(ItemsBackward(list), Is.EqualTo(model), $"step {step}");
                AssertWellFormed(list, fill);
            }
        }
    }

    [Test]
    public void DuplicateCopiesEveryNode()
    {
        var list = new Quicklist(2);
        for (int i = 0; i < 7; i++) list.Push(B("e" + i), head: false);
        var copy = (Quicklist)list.Duplicate();
        list.DeleteRange(0, 3);
        copy.Push(B("more"), head: false);
        Assert.That(Items(copy), Is.EqualTo(Enumerable.Range(0, 7).Select(i => "e" + i).Append("more")));
        Assert.That(Items(list), Is.EqualTo(Enumerable.Range(3, 4).Select(i => "e" + i)));
        Assert.That(copy.NodeCount, Is.EqualTo(4));
    }

    [Test]
    public void AMillionShortElementsCostAboutThirteenBytesEach()
    {
        // Redis 7.0.15 with the default fill: MEMORY USAGE of the same list is 12,976,832 bytes
        // (13.0 per element); used_memory grows by 13,066,744.
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var list = new Quicklist(-2);
        Span<byte> item = stackalloc byte[16];
        "item-"u8.CopyTo(item);
        for (int i = 0; i < 1_000_000; i++)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(i, item[5..], out int written);
            list.Push(item[..(5 + written)], head: false);
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        double perElement = (after - before) / 1_000_000.0;
        long entryBytes = list.NodeShapes().Sum(n => (long)n.Bytes);
        TestContext.Out.WriteLine(
            $"1,000,000 elements: {after - before:N0} bytes managed ({perElement:F2} per element), {entryBytes:N0} bytes of entries, {list.NodeCount} nodes");
        Assert.That(list.Count, Is.EqualTo(1_000_000));
        Assert.That(perElement, Is.LessThan(14.5));
        GC.KeepAlive(list);
    }
}
