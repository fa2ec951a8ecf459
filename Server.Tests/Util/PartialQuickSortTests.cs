// Tests for PartialQuickSort (Redis's pqsort): the requested range is what a full sort gives,
// whatever the size, duplicates and range; positions outside it keep the same elements.

using EventLoopRedis.Util;

namespace EventLoopRedis.Tests.Util;

public class PartialQuickSortTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(8)]
    [TestCase(41)]
    [TestCase(1000)]
    public void TheRangeHoldsWhatAFullSortPutsThere(int size)
    {
        var rng = new Random(size);
        foreach (int distinct in new[] { 3, 1000000 })
        {
            var values = new int[size];
            for (int i = 0; i < size; i++) values[i] = rng.Next(distinct);
            var sorted = (int[])values.Clone();
            Array.Sort(sorted);
            for (int trial = 0; trial < 20; trial++)
            {
                int first = size == 0 ? 0 : rng.Next(size), last = Math.Min(size - 1, first + rng.Next(10));
                var partial = (int[])values.Clone();
                PartialQuickSort.Sort(partial.AsSpan(), (a, b) => a.CompareTo(b), first, last);
                for (int i = first; i <= last; i++) Assert.That(partial[i], Is.EqualTo(sorted[i]), $"position {i} of {size}");
                var all = (int[])partial.Clone();
                Array.Sort(all);
                Assert.That(all, Is.EqualTo(sorted));
            }
        }
    }

    [Test]
    public void TheWholeRangeIsAFullSort()
    {
        var rng = new Random(7);
        var values = new int[500];
        for (int i = 0; i < values.Length; i++) values[i] = rng.Next(50);
        var sorted = (int[])values.Clone();
        Array.Sort(sorted);
        PartialQuickSort.Sort(values.AsSpan(), (a, b) => a.CompareTo(b), 0, values.Length - 1);
        Assert.That(values, Is.EqualTo(sorted));
    }
}
