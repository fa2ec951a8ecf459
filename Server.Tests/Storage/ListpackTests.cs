// Tests for Listpack: every entry encoding round-trips, entries are walked both ways, inserts,
// replacements, deletes, splits and merges keep the layout intact, search with a skip (a hash's
// fields), the array's growth, and a seeded random sequence of edits checked against a plain list.
// cf. Redis's listpack.c tests.

using System.Globalization;
using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class ListpackTests
{
    private static byte[] B(string text) => Encoding.Latin1.GetBytes(text);

    private static Listpack.Element E(string text) => new(B(text));

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static List<string> Forward(Listpack listpack)
    {
        var result = new List<string>();
        Span<byte> digits = stackalloc byte[20];
        for (int at = listpack.First; at >= 0; at = listpack.Next(at)) result.Add(Text(listpack.Get(at, digits)));
        return result;
    }

    private static List<string> Backward(Listpack listpack)
    {
        var result = new List<string>();
        Span<byte> digits = stackalloc byte[20];
        for (int at = listpack.Last; at >= 0; at = listpack.Prev(at)) result.Add(Text(listpack.Get(at, digits)));
        result.Reverse();
        return result;
    }

    private static readonly string[] Values =
    [
        "0", "1", "127", "128", "-1", "-4096", "4095", "4096", "-4097", "32767", "-32768", "32768", "8388607", "-8388608",
        "8388608", "2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "01", "-0", "+1", "1.0", " 1", "", "a", new string('x', 63), new string('y', 64),
        new string('z', 127), new string('w', 4095), new string('v', 4096), new string('u', 20_000), "\0\xff\r\n",
    ];

    [Test]
    public void EveryEncodingRoundTripsAndWalksBothWays()
    {
        var listpack = new Listpack();
        foreach (var value in Values) listpack.Append(E(value));
        Assert.That(listpack.Count, Is.EqualTo(Values.Length));
        Assert.That(Forward(listpack), Is.EqualTo(Values));
        Assert.That(Backward(listpack), Is.EqualTo(Values));
    }

    [Test]
    public void EntrySizesMatchTheEncodedSizeAndAddUpToTheBytesInUse()
    {
        var listpack = new Listpack();
        int total = 0;
        foreach (var value in Values)
        {
            listpack.Append(E(value));
            total += Listpack.EncodedSize(B(value));
        }
        Assert.That(listpack.Bytes, Is.EqualTo(total));
        int at = listpack.First;
        foreach (var value in Values)
        {
            Assert.That(listpack.EntrySize(at), Is.EqualTo(Listpack.EncodedSize(B(value))), value.Length > 20 ? $"{value.Length} bytes" : value);
            at = listpack.Next(at);
        }
        Assert.That(at, Is.EqualTo(-1));
    }

    [TestCase("5", 2)]
    [TestCase("127", 2)]
    [TestCase("-1", 3)]
    [TestCase("4095", 3)]
    [TestCase("-32768", 4)]
    [TestCase("8388607", 5)]
    [TestCase("2147483647", 6)]
    [TestCase("9223372036854775807", 10)]
    [TestCase("item-123456", 13)]
    [TestCase("007", 5)]
    public void EntriesAreAsCompactAsRedisListpackEntries(string value, int size) =>
        Assert.That(Listpack.EncodedSize(B(value)), Is.EqualTo(size));

    [Test]
    public void SeekFindsEntriesFromEitherEnd()
    {
        var listpack = new Listpack();
        for (int i = 0; i < 101; i++) listpack.Append(E(i % 2 == 0 ? i.ToString(CultureInfo.InvariantCulture) : "s" + i));
        Span<byte> digits = stackalloc byte[20];
        Assert.That(Text(listpack.Get(listpack.Seek(0), digits)), Is.EqualTo("0"));
        Assert.That(Text(listpack.Get(listpack.Seek(49), digits)), Is.EqualTo("s49"));
        Assert.That(Text(listpack.Get(listpack.Seek(77), digits)), Is.EqualTo("s77"));
        Assert.That(Text(listpack.Get(listpack.Seek(-1), digits)), Is.EqualTo("100"));
        Assert.That(Text(listpack.Get(listpack.Seek(-101), digits)), Is.EqualTo("0"));
        Assert.That(listpack.Seek(101), Is.EqualTo(-1));
        Assert.That(listpack.Seek(-102), Is.EqualTo(-1));
    }

    [Test]
    public void InsertDeleteAndReplaceInTheMiddleKeepTheOthers()
    {
        var listpack = new Listpack();
        foreach (var value in new[] { "a", "b", "c", "d" }) listpack.Append(E(value));
        listpack.Insert(listpack.Seek(2), E(new string('L', 300)));
        listpack.Prepend(E("-7"));
        Assert.That(Forward(listpack), Is.EqualTo(new[] { "-7", "a", "b", new string('L', 300), "c", "d" }));
        listpack.Replace(listpack.Seek(3), E("42"));
        listpack.Delete(listpack.Seek(1));
        Assert.That(Forward(listpack), Is.EqualTo(new[] { "-7", "b", "42", "c", "d" }));
        Assert.That(Backward(listpack), Is.EqualTo(Forward(listpack)));
        listpack.DeleteRange(listpack.Seek(1), 3);
        Assert.That(Forward(listpack), Is.EqualTo(new[] { "-7", "d" }));
        listpack.DeleteRange(listpack.First, 2);
        Assert.That(listpack.Count, Is.Zero);
        Assert.That(listpack.Bytes, Is.Zero);
        Assert.That(listpack.First, Is.EqualTo(-1));
        Assert.That(listpack.Last, Is.EqualTo(-1));
    }

    [Test]
    public void SplitAndMergeMoveEntriesWhole()
    {
        var listpack = new Listpack();
        for (int i = 0; i < 10; i++) listpack.Append(E("e" + i));
        var tail = listpack.SplitAt(listpack.Seek(6));
        Assert.That(Forward(listpack), Is.EqualTo(Enumerable.Range(0, 6).Select(i => "e" + i)));
        Assert.That(Forward(tail), Is.EqualTo(Enumerable.Range(6, 4).Select(i => "e" + i)));
        Assert.That(Backward(tail), Is.EqualTo(Forward(tail)));
        tail.AppendAll(listpack);
        Assert.That(tail.Count, Is.EqualTo(10));
        Assert.That(Backward(tail), Is.EqualTo(new[] { "e6", "e7", "e8", "e9", "e0", "e1", "e2", "e3", "e4", "e5" }));
    }

    [Test]
    public void MatchesComparesIntegersAsNumbersAndStringsAsBytes()
    {
        var listpack = new Listpack();
        listpack.Append(E("12"));
        listpack.Append(E("012"));
        listpack.Append(E("abc"));
        int integer = listpack.First, padded = listpack.Next(integer), text = listpack.Next(padded);
        Assert.That(listpack.Matches(integer, new Listpack.Element(B("12"))), Is.True);
        Assert.That(listpack.Matches(integer, new Listpack.Element(B("012"))), Is.False);
        Assert.That(listpack.Matches(padded, new Listpack.Element(B("012"))), Is.True);
        Assert.That(listpack.Matches(padded, new Listpack.Element(B("12"))), Is.False);
        Assert.That(listpack.Matches(text, new Listpack.Element(B("abc"))), Is.True);
        Assert.That(listpack.Matches(text, new Listpack.Element(B("abd"))), Is.False);
    }

    [Test]
    public void DuplicateIsIndependent()
    {
        var listpack = new Listpack();
        listpack.Append(E("a"));
        var copy = listpack.Duplicate();
        copy.Append(E("b"));
        listpack.Replace(0, E("z"));
        Assert.That(Forward(listpack), Is.EqualTo(new[] { "z" }));
        Assert.That(Forward(copy), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void TheArrayShrinksWhenMostEntriesAreGone()
    {
        var listpack = new Listpack();
        for (int i = 0; i < 1000; i++) listpack.Append(E("entry" + i));
        int full = listpack.Capacity;
        listpack.DeleteRange(0, 990);
        Assert.That(listpack.Capacity, Is.LessThan(full / 4));
        Assert.That(Forward(listpack), Is.EqualTo(Enumerable.Range(990, 10).Select(i => "entry" + i)));
    }

    [Test]
    public void FindWithASkipComparesOnlyEveryOtherEntry()
    {
        // field, value pairs: a value equal to a field name must not be found as the field.
        var listpack = new Listpack();
        foreach (var value in new[] { "a", "b", "b", "c", "7", "x", "x", "7" }) listpack.Append(E(value));
        Assert.That(listpack.Find(E("b"), skip: 1), Is.EqualTo(listpack.Seek(2)));
        Assert.That(listpack.Find(E("c"), skip: 1), Is.EqualTo(-1));
        Assert.That(listpack.Find(E("c"), skip: 0), Is.EqualTo(listpack.Seek(3)));
        // An integer entry is found by its number, not by another spelling of it.
        Assert.That(listpack.Find(E("7"), skip: 1), Is.EqualTo(listpack.Seek(4)));
        Assert.That(listpack.Find(E("07"), skip: 1), Is.EqualTo(-1));
        Assert.That(listpack.Find(E("7"), skip: 1, from: listpack.Seek(1)), Is.EqualTo(listpack.Seek(7)));
        Assert.That(new Listpack().Find(E("a"), skip: 0), Is.EqualTo(-1));
    }

    [Test]
    public void ReplaceGrowsAndShrinksAnEntryInPlace()
    {
        var listpack = new Listpack();
        foreach (var value in new[] { "one", "two", "three" }) listpack.Append(E(value));
        var longer = new string('x', 300);
        listpack.Replace(listpack.Seek(1), E(longer));
        Assert.That(Forward(listpack), Is.EqualTo(new[] { "one", longer, "three" }));
        listpack.Replace(listpack.Seek(1), E("-123456789012"));
        Assert.That(Forward(listpack), Is.EqualTo(new[] { "one", "-123456789012", "three" }));
        listpack.Replace(listpack.Seek(1), E(""));
        Assert.That(Forward(listpack), Is.EqualTo(new[] { "one", "", "three" }));
        Assert.That(Backward(listpack), Is.EqualTo(Forward(listpack)));
        Assert.That(listpack.Count, Is.EqualTo(3));
        Assert.That(listpack.Bytes, Is.EqualTo(Listpack.EncodedSize(B("one")) + Listpack.EncodedSize([]) + Listpack.EncodedSize(B("three"))));
    }

    [Test]
    public void GrowthLeavesLittleSpareAndAFullNodeIsExactlyItsLimit()
    {
        // Up to 256 bytes the next multiple of 8; beyond, jemalloc's classes (at most a quarter more).
        var listpack = new Listpack();
        while (listpack.Bytes < 1 << 16)
        {
            listpack.Append(E("value:" + listpack.Count));
            int spare = listpack.Capacity - listpack.Bytes;
            Assert.That(spare, Is.LessThanOrEqualTo(listpack.Bytes <= 256 ? Math.Max(7, 16 - listpack.Bytes) : listpack.Bytes / 4));
            if (listpack.Bytes <= 1 << 16)
                Assert.That(listpack.Capacity, Is.LessThanOrEqualTo((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)listpack.Bytes)));
        }
    }

    [Test]
    public void RandomEditsAgreeWithAList()
    {
        var random = new Random(1234);
        var listpack = new Listpack();
        var model = new List<string>();
        for (int step = 0; step < 5000; step++)
        {
            string value = random.Next(3) switch
            {
                0 => random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
                1 => new string((char)random.Next(32, 256), random.Next(100, 400)),
                _ => new string((char)random.Next(32, 256), random.Next(0, 10)),
            };
            switch (random.Next(4))
            {
                case 0:
                    listpack.Append(E(value));
                    model.Add(value);
                    break;
                case 1:
                    int at = random.Next(model.Count + 1);
                    listpack.Insert(at == model.Count ? listpack.Bytes : listpack.Seek(at), E(value));
                    model.Insert(at, value);
                    break;
                case 2 when model.Count > 0:
                    int replaced = random.Next(model.Count);
                    listpack.Replace(listpack.Seek(replaced), E(value));
                    model[replaced] = value;
                    break;
                case 3 when model.Count > 0:
                    int first = random.Next(model.Count), count = random.Next(1, Math.Min(3, model.Count - first) + 1);
                    listpack.DeleteRange(listpack.Seek(first), count);
                    model.RemoveRange(first, count);
                    break;
            }
            Assert.That(listpack.Count, Is.EqualTo(model.Count));
        }
        Assert.That(Forward(listpack), Is.EqualTo(model));
        Assert.That(Backward(listpack), Is.EqualTo(model));
        Span<byte> digits = stackalloc byte[Listpack.DigitsLength];
        foreach (var value in model.Take(50))
            Assert.That(Text(listpack.Get(listpack.Find(E(value), skip: 0), digits)), Is.EqualTo(value));
    }
}
