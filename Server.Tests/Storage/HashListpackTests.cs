// Tests for HashListpack: entries of any length and content round-trip, search with a skip, in-place
// replacement and deletion, and a seeded random sequence of edits checked against a plain list.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class HashListpackTests
{
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static List<byte[]> Entries(HashListpack listpack)
    {
        var entries = new List<byte[]>();
        for (int offset = 0; offset < listpack.ByteLength;) entries.Add(listpack.Get(offset, out offset).ToArray());
        return entries;
    }

    [Test]
    public void AnEmptyListpackHasNoEntriesAndNoBytes()
    {
        var listpack = new HashListpack();
        Assert.That(listpack.Count, Is.Zero);
        Assert.That(listpack.ByteLength, Is.Zero);
        Assert.That(listpack.Find("a"u8, skip: 0), Is.EqualTo(-1));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(127)]
    [TestCase(128)]
    [TestCase(16_383)]
    [TestCase(16_384)]
    [TestCase(3_000_000)]
    public void EntriesRoundTripAcrossLengthPrefixSizes(int length)
    {
        var entry = new byte[length];
        new Random(length).NextBytes(entry);
        var listpack = new HashListpack();
        listpack.Append("before"u8);
        listpack.Append(entry);
        listpack.Append("after"u8);

        Assert.That(Entries(listpack), Is.EqualTo(new[] { Bytes("before"), entry, Bytes("after") }));
        Assert.That(listpack.Count, Is.EqualTo(3));
        Assert.That(listpack.ByteLength, Is.EqualTo(HashListpack.EncodedSize(6) + HashListpack.EncodedSize(length) + HashListpack.EncodedSize(5)));
    }

    [Test]
    public void ShortEntriesCostOneByteMoreThanTheirContents()
    {
        Assert.That(HashListpack.EncodedSize(0), Is.EqualTo(1));
        Assert.That(HashListpack.EncodedSize(127), Is.EqualTo(128));
        Assert.That(HashListpack.EncodedSize(128), Is.EqualTo(130));
    }

    [Test]
    public void BinaryEntriesAreKeptByteForByte()
    {
        var listpack = new HashListpack();
        byte[][] entries = [[0], [0xff, 0x80, 0x7f], Bytes("\r\n"), []];
        foreach (var entry in entries) listpack.Append(entry);
        Assert.That(Entries(listpack), Is.EqualTo(entries));
        Assert.That(listpack.Find([0xff, 0x80, 0x7f], skip: 0), Is.EqualTo(HashListpack.EncodedSize(1)));
    }

    [Test]
    public void FindWithASkipComparesOnlyEveryOtherEntry()
    {
        // field, value pairs: a value equal to a field name must not be found as the field.
        var listpack = new HashListpack();
        foreach (var entry in new[] { "a", "b", "b", "c" }) listpack.Append(Bytes(entry));
        int b = listpack.Find("b"u8, skip: 1);
        Assert.That(b, Is.EqualTo(listpack.Seek(2)));
        Assert.That(listpack.Find("c"u8, skip: 1), Is.EqualTo(-1));
        Assert.That(listpack.Find("c"u8, skip: 0), Is.EqualTo(listpack.Seek(3)));
    }

    [Test]
    public void ReplaceGrowsAndShrinksAnEntryInPlace()
    {
        var listpack = new HashListpack();
        foreach (var entry in new[] { "one", "two", "three" }) listpack.Append(Bytes(entry));
        var longer = new string('x', 300);
        listpack.Replace(listpack.Seek(1), Bytes(longer));
        Assert.That(Entries(listpack).Select(Encoding.Latin1.GetString), Is.EqualTo(new[] { "one", longer, "three" }));
        listpack.Replace(listpack.Seek(1), ""u8);
        Assert.That(Entries(listpack).Select(Encoding.Latin1.GetString), Is.EqualTo(new[] { "one", "", "three" }));
        Assert.That(listpack.Count, Is.EqualTo(3));
    }

    [Test]
    public void DeleteRemovesARunOfEntriesAndGivesMemoryBack()
    {
        var listpack = new HashListpack();
        for (int i = 0; i < 100; i++) listpack.Append(Bytes($"entry-{i}"));
        int capacity = listpack.Capacity;
        listpack.Delete(listpack.Seek(10), 80);
        Assert.That(listpack.Count, Is.EqualTo(20));
        Assert.That(Entries(listpack).Select(Encoding.Latin1.GetString),
            Is.EqualTo(Enumerable.Range(0, 10).Concat(Enumerable.Range(90, 10)).Select(i => $"entry-{i}")));
        Assert.That(listpack.Capacity, Is.LessThan(capacity / 2));
    }

    [Test]
    public void GrowthLeavesLittleSpare()
    {
        // Under 256 bytes, the next multiple of 16; beyond, at most a quarter more (and 8 bytes of rounding).
        var listpack = new HashListpack();
        for (int i = 0; i < 2000; i++)
        {
            listpack.Append(Bytes($"value:{i}"));
            int spare = listpack.Capacity - listpack.ByteLength;
            Assert.That(spare, Is.LessThanOrEqualTo(listpack.ByteLength <= 256 ? 15 : listpack.ByteLength / 4 + 8));
        }
    }

    [Test]
    public void DuplicateIsIndependent()
    {
        var listpack = new HashListpack();
        listpack.Append("a"u8);
        listpack.Append("b"u8);
        var copy = listpack.Duplicate();
        copy.Replace(0, "changed"u8);
        copy.Append("c"u8);
        Assert.That(Entries(listpack).Select(Encoding.Latin1.GetString), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(Entries(copy).Select(Encoding.Latin1.GetString), Is.EqualTo(new[] { "changed", "b", "c" }));
    }

    [Test]
    public void RandomEditsAgreeWithAList()
    {
        var random = new Random(1234);
        var listpack = new HashListpack();
        var model = new List<byte[]>();
        for (int step = 0; step < 5000; step++)
        {
            var entry = new byte[random.Next(4) == 0 ? random.Next(100, 400) : random.Next(0, 10)];
            random.NextBytes(entry);
            switch (random.Next(3))
            {
                case 0:
                    listpack.Append(entry);
                    model.Add(entry);
                    break;
                case 1 when model.Count > 0:
                    int replaced = random.Next(model.Count);
                    listpack.Replace(listpack.Seek(replaced), entry);
                    model[replaced] = entry;
                    break;
                case 2 when model.Count > 0:
                    int first = random.Next(model.Count), count = random.Next(1, Math.Min(3, model.Count - first) + 1);
                    listpack.Delete(listpack.Seek(first), count);
                    model.RemoveRange(first, count);
                    break;
            }
            Assert.That(listpack.Count, Is.EqualTo(model.Count));
        }
        Assert.That(Entries(listpack), Is.EqualTo(model));
        foreach (var entry in model.Take(50))
            Assert.That(listpack.Get(listpack.Find(entry, skip: 0), out _).ToArray(), Is.EqualTo(entry));
    }
}
