// Tests for RedisHash: the listpack-to-hashtable conversions at the thresholds (never back),
// reads and writes in both encodings against a dictionary model, iteration order, HSCAN's
// steps, and the properties of HRANDFIELD's samples.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class RedisHashTests
{
    private const long Entries = 128;
    private const long ValueBytes = 64;

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static RedisHash HashWith(int fields, long maxEntries = Entries)
    {
        var hash = new RedisHash();
        for (int i = 0; i < fields; i++) hash.Set(Bytes($"f{i}"), Bytes($"v{i}"), maxEntries, ValueBytes);
        return hash;
    }

    private static List<(string Field, string Value)> Pairs(RedisHash hash)
    {
        var pairs = new List<(string, string)>();
        foreach (var entry in hash.Pairs(stackalloc byte[RedisHash.PairDigitsLength])) pairs.Add((Text(entry.Field), Text(entry.Value)));
        return pairs;
    }

    /// <summary>The field's value as text, or null when absent.</summary>
    private static string? Get(RedisHash hash, ReadOnlySpan<byte> field) =>
        hash.TryGetValue(field, stackalloc byte[RedisHash.DigitsLength], out var value) ? Text(value) : null;

    [Test]
    public void ANewHashIsAnEmptyListpack()
    {
        var hash = new RedisHash();
        Assert.That(hash.Count, Is.Zero);
        Assert.That(hash.Encoding, Is.EqualTo(ObjectEncoding.Listpack));
        Assert.That(Get(hash, "f"u8), Is.Null);
    }

    [Test]
    public void SetReportsNewFieldsAndReplacesValues()
    {
        var hash = new RedisHash();
        Assert.That(hash.Set("f"u8, "1"u8, Entries, ValueBytes), Is.True);
        Assert.That(hash.Set("f"u8, "22"u8, Entries, ValueBytes), Is.False);
        Assert.That(Get(hash, "f"u8), Is.EqualTo("22"));
        Assert.That(hash.Count, Is.EqualTo(1));
    }

    [Test]
    public void MoreFieldsThanTheEntryLimitMakeAHashtable()
    {
        var hash = HashWith(4, maxEntries: 4);
        Assert.That(hash.Encoding, Is.EqualTo(ObjectEncoding.Listpack));
        hash.Set("f4"u8, "v4"u8, 4, ValueBytes);
        Assert.That(hash.Encoding, Is.EqualTo(ObjectEncoding.Hashtable));
        Assert.That(Pairs(hash).OrderBy(p => p.Field), Is.EqualTo(Enumerable.Range(0, 5).Select(i => ($"f{i}", $"v{i}"))));
    }

    [Test]
    public void AnUpdateAlsoConvertsWhenTheLimitWasLowered()
    {
        var hash = HashWith(3);
        hash.Set("f0"u8, "new"u8, 2, ValueBytes);
        Assert.That(hash.Encoding, Is.EqualTo(ObjectEncoding.Hashtable));
    }

    [TestCase(64, 1, false)]
    [TestCase(65, 1, true)]
    [TestCase(1, 64, false)]
    [TestCase(1, 65, true)]
    public void AFieldOrValueLongerThanTheValueLimitMakesAHashtable(int fieldLength, int valueLength, bool converts)
    {
        var hash = HashWith(2);
        hash.Set(new byte[fieldLength], new byte[valueLength], Entries, ValueBytes);
        Assert.That(hash.Encoding, Is.EqualTo(converts ? ObjectEncoding.Hashtable : ObjectEncoding.Listpack));
        Assert.That(hash.Count, Is.EqualTo(3));
    }

    [Test]
    public void AHashtableNeverBecomesAListpackAgain()
    {
        var hash = HashWith(10, maxEntries: 5);
        for (int i = 0; i < 9; i++) hash.Remove(Bytes($"f{i}"));
        hash.Set("small"u8, "x"u8, Entries, ValueBytes);
        Assert.That(hash.Encoding, Is.EqualTo(ObjectEncoding.Hashtable));
        Assert.That(hash.Count, Is.EqualTo(2));
    }

    [Test]
    public void AListpackIteratesInInsertionOrder()
    {
        var hash = new RedisHash();
        foreach (var field in new[] { "z", "a", "m" }) hash.Set(Bytes(field), Bytes(field + "!"), Entries, ValueBytes);
        hash.Remove("a"u8);
        hash.Set("a"u8, "again"u8, Entries, ValueBytes);
        hash.Set("z"u8, "updated"u8, Entries, ValueBytes);
        Assert.That(Pairs(hash), Is.EqualTo(new[] { ("z", "updated"), ("m", "m!"), ("a", "again") }));
    }

    [TestCase(100, Entries)]
    [TestCase(300, 0L)]
    public void RandomWritesAgreeWithADictionary(int keySpace, long maxEntries)
    {
        var random = new Random(99);
        var hash = new RedisHash();
        var model = new Dictionary<string, string>();
        for (int step = 0; step < 20_000; step++)
        {
            string field = "f" + random.Next(keySpace);
            if (random.Next(3) == 0)
            {
                Assert.That(hash.Remove(Bytes(field)), Is.EqualTo(model.Remove(field)));
                continue;
            }
            string value = new('v', random.Next(0, 10));
            Assert.That(hash.Set(Bytes(field), Bytes(value), maxEntries, ValueBytes), Is.EqualTo(!model.ContainsKey(field)));
            model[field] = value;
        }
        Assert.That(hash.Count, Is.EqualTo(model.Count));
        foreach (var (field, value) in model)
        {
            Assert.That(Get(hash, Bytes(field)), Is.EqualTo(value));
            Assert.That(hash.Contains(Bytes(field)), Is.True);
        }
        Assert.That(Pairs(hash).ToDictionary(p => p.Field, p => p.Value), Is.EquivalentTo(model));
    }

    [TestCase(5)]
    [TestCase(500)]
    public void DuplicateIsIndependentAndKeepsTheEncoding(int fields)
    {
        var hash = HashWith(fields);
        var copy = (RedisHash)hash.Duplicate();
        Assert.That(copy.Encoding, Is.EqualTo(hash.Encoding));
        copy.Set("f0"u8, "changed"u8, Entries, ValueBytes);
        copy.Remove("f1"u8);
        Assert.That(Get(hash, "f0"u8), Is.EqualTo("v0"));
        Assert.That(hash.Count, Is.EqualTo(fields));
        Assert.That(copy.Count, Is.EqualTo(fields - 1));
    }

    [Test]
    public void ScanOfAListpackReturnsEverythingWithCursorZero()
    {
        var hash = HashWith(5);
        var items = new List<byte[]>();
        Assert.That(hash.Scan(777, 1, items), Is.Zero);
        Assert.That(items.Select(i => Text(i)), Is.EqualTo(Enumerable.Range(0, 5).SelectMany(i => new[] { $"f{i}", $"v{i}" })));
    }

    [Test]
    public void ScanOfAHashtableVisitsEveryPairAcrossCalls()
    {
        var hash = HashWith(1000);
        var seen = new Dictionary<string, string>();
        ulong cursor = 0;
        int calls = 0;
        do
        {
            var items = new List<byte[]>();
            cursor = hash.Scan(cursor, 10, items);
            Assert.That(items.Count % 2, Is.Zero);
            for (int i = 0; i < items.Count; i += 2) seen[Text(items[i])] = Text(items[i + 1]);
            calls++;
        } while (cursor != 0);
        Assert.That(seen, Has.Count.EqualTo(1000));
        Assert.That(seen.All(p => p.Value == "v" + p.Key[1..]), Is.True);
        Assert.That(calls, Is.GreaterThan(50), "COUNT 10 counts fields and values, so about 5 pairs a call");
    }

    [TestCase(10)]
    [TestCase(1000)]
    public void DistinctSamplesAreDistinctMembersOfTheRequestedSize(int size)
    {
        var hash = HashWith(size, maxEntries: 500);
        foreach (int count in new[] { 1, 2, size / 4, size / 3, size / 2, size - 1, size, size + 5 })
        {
            var sample = new List<(string, string)>();
            hash.VisitRandomDistinct(count, (f, v) => sample.Add((Text(f), Text(v))));
            Assert.That(sample, Has.Count.EqualTo(Math.Min(count, size)), $"count {count}");
            Assert.That(sample.Select(p => p.Item1), Is.Unique);
            Assert.That(sample.All(p => p.Item2 == "v" + p.Item1[1..] && int.Parse(p.Item1[1..]) < size), Is.True);
        }
    }

    [Test]
    public void ACountCoveringTheHashReturnsItInIterationOrder()
    {
        var hash = HashWith(7);
        var sample = new List<(string, string)>();
        hash.VisitRandomDistinct(7, (f, v) => sample.Add((Text(f), Text(v))));
        Assert.That(sample, Is.EqualTo(Pairs(hash)));
    }

    [TestCase(10)]
    [TestCase(1000)]
    public void SamplesWithRepeatsHaveTheRequestedSizeAndVariety(int size)
    {
        var hash = HashWith(size, maxEntries: 500);
        var fields = new List<string>();
        hash.VisitRandomWithRepeats(5000, (f, v) =>
        {
            Assert.That(Text(v), Is.EqualTo("v" + Text(f)[1..]));
            fields.Add(Text(f));
        });
        Assert.That(fields, Has.Count.EqualTo(5000));
        Assert.That(fields.Distinct().Count(), Is.EqualTo(size).Within(size / 10 + 1), "nearly every field comes up");
        hash.RandomPair(stackalloc byte[RedisHash.PairDigitsLength], out var field, out var value);
        Assert.That(Text(value), Is.EqualTo("v" + Text(field)[1..]));
    }

    [Test]
    public void DeletingMostOfATableKeepsTheRestReachable()
    {
        var hash = HashWith(2000, maxEntries: 0);
        for (int i = 10; i < 2000; i++) hash.Remove(Bytes($"f{i}"));
        Assert.That(hash.Count, Is.EqualTo(10));
        for (int i = 0; i < 10; i++) Assert.That(Get(hash, Bytes($"f{i}")), Is.EqualTo($"v{i}"));
        Assert.That(hash.Encoding, Is.EqualTo(ObjectEncoding.Hashtable));
    }

    [Test]
    public void IntegerFieldsAndValuesReadBackAsTheirText()
    {
        // A listpack stores these as numbers; each read formats them into the caller's buffer,
        // a field and its value into separate halves.
        var hash = new RedisHash();
        string[] texts = ["0", "-1", "127", "-4096", "32768", "-2147483648", "9223372036854775807", "-9223372036854775808", "007", "1.5"];
        foreach (var text in texts) hash.Set(Bytes(text), Bytes(text == "0" ? "-9223372036854775808" : "9" + text), Entries, ValueBytes);
        Assert.That(hash.Encoding, Is.EqualTo(ObjectEncoding.Listpack));
        Assert.That(Pairs(hash), Is.EqualTo(texts.Select(t => (t, t == "0" ? "-9223372036854775808" : "9" + t))));
        Assert.That(Get(hash, "127"u8), Is.EqualTo("9127"));
        Assert.That(Get(hash, "07"u8), Is.Null, "another spelling of a stored number is another field");
        Assert.That(Get(hash, "007"u8), Is.EqualTo("9007"));
        Assert.That(hash.Set("127"u8, "128"u8, Entries, ValueBytes), Is.False);
        Assert.That(Get(hash, "127"u8), Is.EqualTo("128"));
        Assert.That(hash.Remove("-4096"u8), Is.True);
        Assert.That(hash.Contains("-4096"u8), Is.False);
        Assert.That(hash.Count, Is.EqualTo(texts.Length - 1));
    }
}
