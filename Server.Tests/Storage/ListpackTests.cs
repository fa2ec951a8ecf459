// Tests for Listpack: every entry encoding round-trips, entries are walked both ways, and
// inserts, deletes, splits and merges keep the layout intact. cf. Redis's listpack.c tests.

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
}
