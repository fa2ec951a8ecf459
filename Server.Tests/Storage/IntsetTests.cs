// Tests for Intset: sorted order, the 16/32/64-bit width upgrade, binary search, removal, copies.
// cf. Redis's src/intset.c and its intsetTest.

using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class IntsetTests
{
    private static long[] Elements(Intset set)
    {
        var elements = new long[set.Count];
        for (int i = 0; i < elements.Length; i++) elements[i] = set[i];
        return elements;
    }

    private static Intset With(params long[] values)
    {
        var set = new Intset();
        foreach (long value in values) set.Add(value);
        return set;
    }

    [TestCase(0, 2)]
    [TestCase(32767, 2)]
    [TestCase(-32768, 2)]
    [TestCase(32768, 4)]
    [TestCase(-32769, 4)]
    [TestCase(int.MaxValue, 4)]
    [TestCase(int.MinValue, 4)]
    [TestCase(int.MaxValue + 1L, 8)]
    [TestCase(int.MinValue - 1L, 8)]
    [TestCase(long.MaxValue, 8)]
    [TestCase(long.MinValue, 8)]
    public void WidthIsTheSmallestThatHoldsTheValue(long value, int width)
    {
        Assert.That(Intset.WidthOf(value), Is.EqualTo(width));
        Assert.That(With(value).Width, Is.EqualTo(width));
    }

    [Test]
    public void ElementsStaySortedWhateverTheInsertionOrder()
    {
        var set = With(5, -3, 12, 0, 7, -100, 5, 12);
        Assert.That(Elements(set), Is.EqualTo(new long[] { -100, -3, 0, 5, 7, 12 }));
        Assert.That(set.Count, Is.EqualTo(6));
    }

    [Test]
    public void AddReportsWhetherTheValueWasNew()
    {
        var set = new Intset();
        Assert.That(set.Add(1), Is.True);
        Assert.That(set.Add(1), Is.False);
        Assert.That(set.Add(long.MaxValue), Is.True);
        Assert.That(set.Add(long.MaxValue), Is.False);
        Assert.That(set.Count, Is.EqualTo(2));
    }

    [Test]
    public void UpgradeWithANegativeValuePutsItFirst()
    {
        var set = With(1, 2, 3);
        set.Add(-40000);
        Assert.That(set.Width, Is.EqualTo(4));
        Assert.That(Elements(set), Is.EqualTo(new long[] { -40000, 1, 2, 3 }));
        set.Add(long.MinValue);
        Assert.That(set.Width, Is.EqualTo(8));
        Assert.That(Elements(set), Is.EqualTo(new long[] { long.MinValue, -40000, 1, 2, 3 }));
    }

    [Test]
    public void UpgradeWithAPositiveValuePutsItLast()
    {
        var set = With(-1, 0, 1);
        set.Add(70000);
        Assert.That(Elements(set), Is.EqualTo(new long[] { -1, 0, 1, 70000 }));
        set.Add(1L << 40);
        Assert.That(Elements(set), Is.EqualTo(new long[] { -1, 0, 1, 70000, 1L << 40 }));
        Assert.That(set.BlobLength, Is.EqualTo(8 + 5 * 8));
    }

    [Test]
    public void ContainsFindsOnlyMembersAndNeverValuesWiderThanTheEncoding()
    {
        var set = With(-7, 3, 9);
        Assert.That(set.Contains(3), Is.True);
        Assert.That(set.Contains(4), Is.False);
        // 65539 truncated to 16 bits is 3: a value too wide must not be searched for at all.
        Assert.That(set.Contains(65539), Is.False);
        Assert.That(set.Remove(65539), Is.False);
        Assert.That(set.Contains(long.MinValue), Is.False);
    }

    [Test]
    public void RemoveKeepsOrderAndNeverDowngrades()
    {
        var set = With(1, 2, 3, 1L << 33);
        Assert.That(set.Remove(2), Is.True);
        Assert.That(set.Remove(2), Is.False);
        Assert.That(set.Remove(1L << 33), Is.True);
        Assert.That(Elements(set), Is.EqualTo(new long[] { 1, 3 }));
        Assert.That(set.Width, Is.EqualTo(8), "Redis never shrinks an intset's encoding");
        Assert.That(set.Remove(1) && set.Remove(3), Is.True);
        Assert.That(set.Count, Is.EqualTo(0));
    }

    [Test]
    public void CloneIsIndependent()
    {
        var set = With(1, 2, 100000);
        var copy = set.Clone();
        copy.Add(4);
        set.Remove(1);
        Assert.That(Elements(copy), Is.EqualTo(new long[] { 1, 2, 4, 100000 }));
        Assert.That(Elements(set), Is.EqualTo(new long[] { 2, 100000 }));
        Assert.That(copy.Width, Is.EqualTo(4));
    }

    [Test]
    public void RandomReturnsEveryElementSometimes()
    {
        var set = With(10, 20, 30, 40);
        var seen = new HashSet<long>();
        for (int i = 0; i < 400; i++) seen.Add(set.Random());
        Assert.That(seen, Is.EquivalentTo(new long[] { 10, 20, 30, 40 }));
    }

    [Test]
    public void ManyRandomOperationsAgreeWithASortedSet()
    {
        var random = new Random(1234);
        var set = new Intset();
        var model = new SortedSet<long>();
        for (int i = 0; i < 20_000; i++)
        {
            long value = random.Next(4) switch
            {
                0 => random.Next(-300, 300),
                1 => random.Next(-100_000, 100_000),
                2 => random.NextInt64(-(1L << 40), 1L << 40),
                _ => random.NextInt64(long.MinValue, long.MaxValue),
            };
            if (random.Next(3) == 0) Assert.That(set.Remove(value), Is.EqualTo(model.Remove(value)));
            else Assert.That(set.Add(value), Is.EqualTo(model.Add(value)));
        }
        Assert.That(Elements(set), Is.EqualTo(model.ToArray()));
        foreach (long value in model) Assert.That(set.Contains(value), Is.True);
    }
}
