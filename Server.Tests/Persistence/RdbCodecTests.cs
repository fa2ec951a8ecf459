// Unit tests of the RDB building blocks: CRC64, LZF, and the listpack, intset, ziplist, zipmap and
// stream-listpack byte codecs (cf. crc64.c's test vector, lzf, listpack.c, intset.c, ziplist.c, zipmap.c).

using System.Buffers.Binary;
using System.Text;
using EventLoopRedis.Persistence.Rdb;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Persistence;

[TestFixture]
public class RdbCodecTests
{
    [Test]
    public void Crc64OfTheStandardVectorIsRedisJonesValue() =>
        Assert.That(Crc64.Update(0, "123456789"u8), Is.EqualTo(0xe9c6d914c4b8d9caUL));

    [Test]
    public void Crc64InPiecesEqualsCrc64AtOnce()
    {
        var data = new byte[10_001];
        new Random(7).NextBytes(data);
        ulong whole = Crc64.Update(0, data);
        ulong pieces = Crc64.Update(Crc64.Update(Crc64.Update(0, data.AsSpan(0, 3)), data.AsSpan(3, 5000)), data.AsSpan(5003));
        Assert.That(pieces, Is.EqualTo(whole));
    }

    [TestCase(21, 1)]
    [TestCase(1000, 3)]
    [TestCase(100_000, 4)]
    public void LzfRoundTripsCompressibleBytes(int length, int alphabet)
    {
        var random = new Random(length);
        var input = new byte[length];
        for (int i = 0; i < length; i++) input[i] = (byte)('a' + random.Next(alphabet));
        var compressed = new byte[length];
        int size = Lzf.Compress(input, compressed);
        Assert.That(size, Is.GreaterThan(0).And.LessThan(length));
        var output = new byte[length];
        Assert.That(Lzf.Decompress(compressed.AsSpan(0, size), output), Is.True);
        Assert.That(output, Is.EqualTo(input));
    }

    [Test]
    public void LzfGivesUpOnRandomBytesThatWouldNotShrink()
    {
        var input = new byte[200];
        new Random(3).NextBytes(input);
        Assert.That(Lzf.Compress(input, new byte[input.Length - 4]), Is.EqualTo(0));
    }

    [Test]
    public void LzfRefusesCorruptInputWithoutReadingPastIt()
    {
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcdefgh", 20)));
        var compressed = new byte[input.Length];
        int size = Lzf.Compress(input, compressed);
        var random = new Random(11);
        for (int round = 0; round < 2000; round++)
        {
            var mutated = compressed.AsSpan(0, size).ToArray();
            mutated[random.Next(size)] = (byte)random.Next(256);
            var output = new byte[input.Length];
            Assert.DoesNotThrow(() => Lzf.Decompress(mutated, output));
        }
        Assert.That(Lzf.Decompress(compressed.AsSpan(0, size - 1), new byte[input.Length]), Is.False);
    }

    [Test]
    public void ListpackBlobFramesTheEntriesAndReadsThemBack()
    {
        var listpack = new Listpack();
        string[] values = ["a", "12", "-5000", "hello world", new string('x', 100), new string('y', 5000), "9223372036854775807", "3.5"];
        foreach (var value in values) listpack.Append(new Listpack.Element(Encoding.ASCII.GetBytes(value)));
        var blob = ListpackBlob.ToArray(listpack);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(blob), Is.EqualTo(blob.Length));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(blob.AsSpan(4)), Is.EqualTo(values.Length));
        Assert.That(blob[^1], Is.EqualTo(0xFF));
        var reader = ListpackBlob.Open(blob, "test");
        Assert.That(reader.Count, Is.EqualTo(values.Length));
        foreach (var value in values) Assert.That(Encoding.ASCII.GetString(reader.NextArray()), Is.EqualTo(value));
    }

    [Test]
    public void ListpackBlobOfRedisBytesDecodes()
    {
        // What Redis 7.0 writes for RPUSH l a 1: total 13, count 2, "a" (0x81 'a' backlen 2), 1 (0x01 backlen 1), end.
        byte[] blob = [13, 0, 0, 0, 2, 0, 0x81, (byte)'a', 2, 0x01, 1, 0xFF];
        blob[0] = (byte)blob.Length;
        var reader = ListpackBlob.Open(blob, "test");
        Assert.That(Encoding.ASCII.GetString(reader.NextArray()), Is.EqualTo("a"));
        Assert.That(reader.NextInteger(), Is.EqualTo(1));
    }

    [Test]
    public void ListpackBlobRefusesCorruptionWithItsOwnErrorOnly()
    {
        var listpack = new Listpack();
        foreach (var value in new[] { "abc", "1", "70000", new string('z', 70) }) listpack.Append(new Listpack.Element(Encoding.ASCII.GetBytes(value)));
        var blob = ListpackBlob.ToArray(listpack);
        var random = new Random(5);
        int refused = 0;
        for (int round = 0; round < 3000; round++)
        {
            var mutated = blob.ToArray();
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                var reader = ListpackBlob.Open(mutated, "test");
                for (int i = 0; i < reader.Count; i++) reader.NextArray();
            }
            catch (RdbFormatException)
            {
                refused++;
            }
        }
        // Flips inside string bytes leave a valid listpack; the others must be refused, and nothing else may be thrown.
        Assert.That(refused, Is.GreaterThan(300));
        Assert.Throws<RdbFormatException>(() => ListpackBlob.Open(blob.AsSpan(0, blob.Length - 1), "test"));
    }

    [TestCase(new long[] { 1, 2, 3 }, 2)]
    [TestCase(new long[] { -70000, 5, 70000 }, 4)]
    [TestCase(new long[] { long.MinValue, 0, long.MaxValue }, 8)]
    public void IntsetBlobRoundTripsEachWidth(long[] members, int width)
    {
        var intset = new Intset();
        foreach (long member in members) intset.Add(member);
        var blob = new byte[IntsetBlob.Size(intset)];
        IntsetBlob.Write(intset, blob);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(blob), Is.EqualTo(width));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4)), Is.EqualTo(members.Length));
        Assert.That(IntsetBlob.Read(blob), Is.EqualTo(members));
    }

    [Test]
    public void IntsetBlobRefusesUnsortedDuplicateOrMisSizedBlobs()
    {
        byte[] Blob(params short[] values)
        {
            var blob = new byte[8 + 2 * values.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(blob, 2);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), (uint)values.Length);
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(blob.AsSpan(8 + 2 * i), values[i]);
            return blob;
        }
        Assert.Throws<RdbFormatException>(() => IntsetBlob.Read(Blob(3, 1)));
        Assert.Throws<RdbFormatException>(() => IntsetBlob.Read(Blob(1, 1)));
        Assert.Throws<RdbFormatException>(() => IntsetBlob.Read(Blob(1, 2).AsSpan(0, 10)));
        var badWidth = Blob(1);
        badWidth[0] = 3;
        Assert.Throws<RdbFormatException>(() => IntsetBlob.Read(badWidth));
    }

    [Test]
    public void ZiplistBlobDecodesEveryEntryEncoding()
    {
        object[] entries = ["abc", new string('s', 100), new string('L', 20_000), 0L, 12L, -1L, 100L, 30_000L, 8_000_000L, 2_000_000_000L, long.MinValue];
        var blob = RdbTestFiles.Ziplist(entries);
        var decoded = ZiplistBlob.Read(blob).Select(e => Encoding.ASCII.GetString(e)).ToArray();
        Assert.That(decoded, Is.EqualTo(entries.Select(e => e.ToString()).ToArray()));
    }

    [Test]
    public void ZiplistBlobRefusesCorruption()
    {
        var blob = RdbTestFiles.Ziplist(["a", 5L, "bcd"]);
        Assert.Throws<RdbFormatException>(() => ZiplistBlob.Read(blob.AsSpan(0, blob.Length - 1)));
        var badPrevlen = blob.ToArray();
        badPrevlen[10 + 3] = 9; // the second entry's prevlen
        Assert.Throws<RdbFormatException>(() => ZiplistBlob.Read(badPrevlen));
        var badCount = blob.ToArray();
        badCount[8] = 7;
        Assert.Throws<RdbFormatException>(() => ZiplistBlob.Read(badCount));
    }

    [Test]
    public void ZipmapBlobDecodesFieldsAndValuesWithFreeBytes()
    {
        var blob = RdbTestFiles.Zipmap(("f1", "v1"), ("field2", new string('v', 300)));
        var decoded = ZipmapBlob.Read(blob).Select(e => Encoding.ASCII.GetString(e)).ToArray();
        Assert.That(decoded, Is.EqualTo(new[] { "f1", "v1", "field2", new string('v', 300) }));
        Assert.Throws<RdbFormatException>(() => ZipmapBlob.Read(RdbTestFiles.Zipmap(("a", "1"), ("a", "2"))));
        Assert.Throws<RdbFormatException>(() => ZipmapBlob.Read(blob.AsSpan(0, blob.Length - 2)));
    }

    [Test]
    public void StreamListpackRoundTripsANodeWithDeletedAndDifferentlyShapedEntries()
    {
        static byte[][] Pairs(params string[] parts) => parts.Select(p => Encoding.ASCII.GetBytes(p)).ToArray();
        var node = new StreamNode(new StreamEntry(new StreamId(1000, 0), Pairs("a", "1", "b", "x")));
        node.Append(new StreamEntry(new StreamId(1000, 5), Pairs("a", "2", "b", "y")));
        node.Append(new StreamEntry(new StreamId(2000, 0), Pairs("c", "3")));
        node.Append(new StreamEntry(new StreamId(2500, 1), Pairs("a", "-7", "b", "")));
        node.MarkDeleted(0);
        node.MarkDeleted(2);
        var blob = ListpackBlob.ToArray(StreamListpack.Build(node));
        var read = StreamListpack.Read(blob, node.MasterId);
        Assert.That(read.Count, Is.EqualTo(4));
        Assert.That(read.Live, Is.EqualTo(2));
        Assert.That(read.ListpackBytes, Is.EqualTo(blob.Length), "the node's size estimate is the listpack's size");
        for (int i = 0; i < 4; i++)
        {
            Assert.That(read[i].Id, Is.EqualTo(node[i].Id));
            Assert.That(read[i].Deleted, Is.EqualTo(node[i].Deleted));
            Assert.That(read[i].Pairs, Is.EqualTo(node[i].Pairs));
        }
        var wrongCount = blob.ToArray();
        Assert.That(wrongCount[ListpackBlob.HeaderSize], Is.EqualTo(2), "the master entry starts with the live count");
        wrongCount[ListpackBlob.HeaderSize] = 3;
        Assert.Throws<RdbFormatException>(() => StreamListpack.Read(wrongCount, node.MasterId));
    }
}
