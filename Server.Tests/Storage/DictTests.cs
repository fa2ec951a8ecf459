// Tests for Dict: lookups by binary key, incremental rehashing, shrinking, SCAN's cursor guarantee,
// random entries and enumeration. cf. Redis's src/dict.c and tests/unit/scan.tcl.

using System.Runtime.CompilerServices;
using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class DictTests
{
    private static byte[] Key(string text) => Encoding.ASCII.GetBytes(text);

    private static string Text(byte[] key) => Encoding.ASCII.GetString(key);

    private static Dict<int> DictWith(int count, string prefix = "key:")
    {
        var dict = new Dict<int>();
        for (int i = 0; i < count; i++)
            dict.TryAdd(Key(prefix + i), i);
        return dict;
    }

    private static void FinishRehash<T>(Dict<T> dict)
    {
        while (dict.IsRehashing)
            dict.RehashMilliseconds(100);
    }

    // A dict whose table of oldSize buckets is full, with the insertion that starts its growth done.
    private static Dict<int> DictGrowingFrom(int oldSize)
    {
        var dict = DictWith(oldSize);
        FinishRehash(dict);
        Assert.That(dict.BucketCount, Is.EqualTo(oldSize));
        dict.TryAdd(Key("key:" + oldSize), oldSize);
        Assert.That(dict.IsRehashing, Is.True);
        return dict;
    }

    private static HashSet<string> FullScan(Dict<int> dict, Action? betweenCalls = null)
    {
        var seen = new HashSet<string>();
        ulong cursor = 0;
        do
        {
            cursor = dict.Scan(cursor, (key, _) => seen.Add(Text(key)));
            betweenCalls?.Invoke();
        } while (cursor != 0);
        return seen;
    }

    [Test]
    public void AddedEntriesAreFoundBySpan()
    {
        var dict = new Dict<string>();
        dict.TryAdd(Key("alpha"), "a");
        dict.TryAdd(Key("beta"), "b");

        Assert.Multiple(() =>
        {
            Assert.That(dict.Count, Is.EqualTo(2));
            Assert.That(dict.TryGetValue("alpha"u8, out string? alpha), Is.True);
            Assert.That(alpha, Is.EqualTo("a"));
            Assert.That(dict.TryGetValue("beta"u8, out string? beta), Is.True);
            Assert.That(beta, Is.EqualTo("b"));
            Assert.That(dict.TryGetValue("gamma"u8, out _), Is.False);
        });
    }

    [Test]
    public void TryAddRefusesAPresentKeyAndKeepsTheOldValue()
    {
        var dict = new Dict<int>();
        Assert.That(dict.TryAdd(Key("k"), 1), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(dict.TryAdd(Key("k"), 2), Is.False);
            Assert.That(dict.TryGetValue("k"u8, out int value), Is.True);
            Assert.That(value, Is.EqualTo(1));
            Assert.That(dict.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void SetOverwritesTheValueButKeepsTheStoredKeyArray()
    {
        var dict = new Dict<int>();
        byte[] original = Key("k");
        dict.Set(original, 1);
        dict.Set(Key("k"), 2);

        Assert.Multiple(() =>
        {
            Assert.That(dict.TryGetEntry("k"u8, out byte[]? stored, out int value), Is.True);
            Assert.That(stored, Is.SameAs(original));
            Assert.That(value, Is.EqualTo(2));
            Assert.That(dict.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void TryGetEntryReturnsTheKeyArrayTheDictOwns()
    {
        var dict = new Dict<int>();
        byte[] owned = Key("shared");
        dict.TryAdd(owned, 7);

        Assert.Multiple(() =>
        {
            Assert.That(dict.TryGetEntry(Key("shared"), out byte[]? stored, out int value), Is.True);
            Assert.That(stored, Is.SameAs(owned));
            Assert.That(value, Is.EqualTo(7));
            Assert.That(dict.TryGetEntry("other"u8, out _, out _), Is.False);
        });
    }

    [Test]
    public void RemoveHandsBackTheStoredKeyAndValue()
    {
        var dict = new Dict<int>();
        byte[] owned = Key("k");
        dict.TryAdd(owned, 5);

        Assert.Multiple(() =>
        {
            Assert.That(dict.Remove("k"u8, out byte[]? stored, out int value), Is.True);
            Assert.That(stored, Is.SameAs(owned));
            Assert.That(value, Is.EqualTo(5));
            Assert.That(dict.Count, Is.Zero);
            Assert.That(dict.TryGetValue("k"u8, out _), Is.False);
        });
    }

    [Test]
    public void RemovingAMissingKeyReturnsFalse()
    {
        var dict = new Dict<int>();
        Assert.That(dict.Remove("nothing"u8), Is.False);

        dict.TryAdd(Key("k"), 1);
        Assert.Multiple(() =>
        {
            Assert.That(dict.Remove("other"u8), Is.False);
            Assert.That(dict.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void RemovingFromTheMiddleOfAChainKeepsTheRest()
    {
        // 4 keys in 4 buckets: every chain shape gets unlinked somewhere along the way.
        var dict = DictWith(4);
        dict.Remove(Key("key:2"));
        dict.Remove(Key("key:0"));

        Assert.Multiple(() =>
        {
            Assert.That(dict.TryGetValue(Key("key:1"), out _), Is.True);
            Assert.That(dict.TryGetValue(Key("key:3"), out _), Is.True);
            Assert.That(dict.TryGetValue(Key("key:0"), out _), Is.False);
            Assert.That(dict.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void BinaryKeysWithZeroBytesAreDistinct()
    {
        byte[][] keys = [[], [0], [0, 0], [0, 1], [1, 0], new byte[8], new byte[9], [0xFF, 0, 0xFF]];
        var dict = new Dict<int>();
        for (int i = 0; i < keys.Length; i++)
            Assert.That(dict.TryAdd(keys[i], i), Is.True);

        Assert.That(dict.Count, Is.EqualTo(keys.Length));
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.That(dict.TryGetValue(keys[i].AsSpan(), out int value), Is.True);
            Assert.That(value, Is.EqualTo(i));
        }
    }

    [Test]
    public void ValueRefUpdatesTheStoredValueInPlace()
    {
        var dict = new Dict<int>();
        dict.TryAdd(Key("counter"), 1);

        ref int value = ref dict.GetValueRefOrNullRef("counter"u8);
        value += 41;

        Assert.That(dict.TryGetValue("counter"u8, out int stored), Is.True);
        Assert.That(stored, Is.EqualTo(42));
    }

    [Test]
    public void ValueRefIsNullRefForAMissingKey()
    {
        var dict = DictWith(3);

        Assert.Multiple(() =>
        {
            Assert.That(Unsafe.IsNullRef(ref dict.GetValueRefOrNullRef("missing"u8)), Is.True);
            Assert.That(Unsafe.IsNullRef(ref new Dict<int>().GetValueRefOrNullRef("missing"u8)), Is.True);
        });
    }

    [Test]
    public void FirstInsertionAllocatesFourBuckets()
    {
        var dict = new Dict<int>();
        Assert.That(dict.BucketCount, Is.Zero);

        dict.TryAdd(Key("k"), 1);

        Assert.Multiple(() =>
        {
            Assert.That(dict.BucketCount, Is.EqualTo(4));
            Assert.That(dict.IsRehashing, Is.False);
        });
    }

    [Test]
    public void GrowsOnceCountReachesBucketCount()
    {
        var dict = DictWith(4);
        Assert.Multiple(() =>
        {
            Assert.That(dict.BucketCount, Is.EqualTo(4));
            Assert.That(dict.IsRehashing, Is.False);
        });

        dict.TryAdd(Key("key:4"), 4);

        Assert.Multiple(() =>
        {
            Assert.That(dict.IsRehashing, Is.True);
            Assert.That(dict.BucketCount, Is.EqualTo(4 + 8));
        });
        FinishRehash(dict);
        Assert.That(dict.BucketCount, Is.EqualTo(8));
    }

    [Test]
    public void RehashIsIncremental()
    {
        const int oldSize = 1024;
        var dict = DictGrowingFrom(oldSize);

        // Each lookup moves one bucket (or skips at most 10 empty ones), never the whole table.
        int lookups = 0;
        while (dict.IsRehashing)
        {
            Assert.That(dict.BucketCount, Is.EqualTo(oldSize * 3L));
            dict.TryGetValue("missing"u8, out _);
            lookups++;
        }

        Assert.Multiple(() =>
        {
            Assert.That(lookups, Is.InRange(oldSize / 11, oldSize));
            Assert.That(dict.BucketCount, Is.EqualTo(oldSize * 2L));
        });
    }

    [Test]
    public void EveryKeyStaysReachableWhileRehashing()
    {
        var dict = DictGrowingFrom(1024);
        int count = dict.Count;

        int checkedWhileRehashing = 0;
        for (int i = 0; i < count; i++)
        {
            if (dict.IsRehashing)
                checkedWhileRehashing++;
            Assert.That(dict.TryGetValue(Key("key:" + i), out int value), Is.True);
            Assert.That(value, Is.EqualTo(i));
        }

        Assert.That(checkedWhileRehashing, Is.GreaterThan(10));
    }

    [Test]
    public void RehashMillisecondsFinishesAPendingRehash()
    {
        const int oldSize = 1024;
        var dict = DictGrowingFrom(oldSize);

        int steps = dict.RehashMilliseconds(1000);

        Assert.Multiple(() =>
        {
            Assert.That(steps, Is.Positive);
            Assert.That(dict.IsRehashing, Is.False);
            Assert.That(dict.BucketCount, Is.EqualTo(oldSize * 2L));
            Assert.That(dict.RehashMilliseconds(1000), Is.Zero);
        });
    }

    [Test]
    public void ShrinkIfNeededShrinksASparseTable()
    {
        var dict = DictWith(1000);
        FinishRehash(dict);
        Assert.That(dict.BucketCount, Is.EqualTo(1024));
        for (int i = 50; i < 1000; i++)
            dict.Remove(Key("key:" + i));
        FinishRehash(dict);
        Assert.That(dict.BucketCount, Is.EqualTo(1024), "removals alone must not shrink");

        Assert.That(dict.ShrinkIfNeeded(), Is.True);
        FinishRehash(dict);

        Assert.That(dict.BucketCount, Is.EqualTo(64));
        for (int i = 0; i < 50; i++)
            Assert.That(dict.TryGetValue(Key("key:" + i), out _), Is.True);
    }

    [Test]
    public void ShrinkIfNeededLeavesFullEnoughOrMinimalTablesAlone()
    {
        var tenPercentFull = DictWith(1000);
        FinishRehash(tenPercentFull);
        for (int i = 103; i < 1000; i++)
            tenPercentFull.Remove(Key("key:" + i));
        FinishRehash(tenPercentFull);

        var minimal = DictWith(1);
        minimal.Remove(Key("key:0"));

        Assert.Multiple(() =>
        {
            Assert.That(tenPercentFull.ShrinkIfNeeded(), Is.False);
            Assert.That(tenPercentFull.BucketCount, Is.EqualTo(1024));
            Assert.That(minimal.ShrinkIfNeeded(), Is.False);
            Assert.That(minimal.BucketCount, Is.EqualTo(4));
            Assert.That(new Dict<int>().ShrinkIfNeeded(), Is.False);
        });
    }

    [Test]
    public void ShrinkIfNeededDoesNotStartASecondRehash()
    {
        var dict = DictWith(1000);
        FinishRehash(dict);
        for (int i = 50; i < 1000; i++)
            dict.Remove(Key("key:" + i));
        FinishRehash(dict);
        Assert.That(dict.ShrinkIfNeeded(), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(dict.ShrinkIfNeeded(), Is.False);
            Assert.That(dict.IsRehashing, Is.True);
            Assert.That(dict.BucketCount, Is.EqualTo(1024 + 64));
        });
    }

    [Test]
    public void ScanOfAnEmptyDictReturnsZero()
    {
        int visits = 0;

        Assert.That(new Dict<int>().Scan(0, (_, _) => visits++), Is.Zero);
        Assert.That(visits, Is.Zero);
    }

    [Test]
    public void ScanVisitsEveryKeyExactlyOnceWhenTheTableIsStable()
    {
        var dict = DictWith(500);
        FinishRehash(dict);
        var visits = new Dictionary<string, int>();

        ulong cursor = 0;
        do
        {
            cursor = dict.Scan(cursor, (key, value) =>
            {
                Assert.That(value, Is.EqualTo(int.Parse(Text(key)[4..])));
                visits[Text(key)] = visits.GetValueOrDefault(Text(key)) + 1;
            });
        } while (cursor != 0);

        Assert.Multiple(() =>
        {
            Assert.That(visits, Has.Count.EqualTo(500));
            Assert.That(visits.Values, Is.All.EqualTo(1));
        });
    }

    [Test]
    public void ScanCoversBothTablesWhileRehashing()
    {
        var dict = DictGrowingFrom(1024);
        for (int i = 0; i < 20; i++)
            dict.TryGetValue("missing"u8, out _);
        Assert.That(dict.IsRehashing, Is.True);

        HashSet<string> seen = FullScan(dict);

        Assert.Multiple(() =>
        {
            Assert.That(seen, Has.Count.EqualTo(dict.Count));
            Assert.That(dict.IsRehashing, Is.True, "a scan must not move buckets");
        });
    }

    [Test]
    public void ScanReturnsEveryKeyPresentThroughoutWhileTableGrows()
    {
        var dict = DictWith(200, "old:");
        int added = 0;
        int callsWhileRehashing = 0;

        HashSet<string> seen = FullScan(dict, betweenCalls: () =>
        {
            if (dict.IsRehashing)
                callsWhileRehashing++;
            // Capped: a table growing at every call forever would keep the scan from ever finishing.
            for (int i = 0; i < 20 && added < 5000; i++, added++)
                dict.TryAdd(Key("new:" + added), added);
        });

        Assert.Multiple(() =>
        {
            Assert.That(dict.BucketCount, Is.GreaterThanOrEqualTo(1024), "the table should have grown several times");
            Assert.That(callsWhileRehashing, Is.Positive);
            for (int i = 0; i < 200; i++)
                Assert.That(seen, Does.Contain("old:" + i));
        });
    }

    [Test]
    public void ScanReturnsEveryKeyWhileTableShrinks()
    {
        var dict = DictWith(100, "kept:");
        for (int i = 0; i < 4000; i++)
            dict.TryAdd(Key("doomed:" + i), i);
        FinishRehash(dict);
        long startBuckets = dict.BucketCount;
        int removed = 0;
        int callsWhileRehashing = 0;

        HashSet<string> seen = FullScan(dict, betweenCalls: () =>
        {
            if (dict.IsRehashing)
                callsWhileRehashing++;
            for (int i = 0; i < 500 && removed < 4000; i++, removed++)
                dict.Remove(Key("doomed:" + removed));
            dict.ShrinkIfNeeded();
            dict.TryGetValue("missing"u8, out _);
        });

        Assert.Multiple(() =>
        {
            Assert.That(dict.BucketCount, Is.LessThan(startBuckets / 4), "the table should have shrunk");
            Assert.That(callsWhileRehashing, Is.Positive);
            for (int i = 0; i < 100; i++)
                Assert.That(seen, Does.Contain("kept:" + i));
        });
    }

    [Test]
    public void LookupsInsideAScanVisitorDoNotMoveBuckets()
    {
        var dict = DictGrowingFrom(1024);

        ulong cursor = 0;
        do
        {
            cursor = dict.Scan(cursor, (_, _) =>
            {
                for (int i = 0; i < 100; i++)
                    dict.TryGetValue("missing"u8, out _);
            });
        } while (cursor != 0);

        Assert.That(dict.IsRehashing, Is.True);
    }

    [Test]
    public void RandomEntryComesFromTheTable()
    {
        var dict = DictGrowingFrom(1024);

        for (int draw = 0; draw < 2000; draw++)
        {
            Assert.That(dict.TryGetRandom(out byte[]? key, out int value), Is.True);
            Assert.That(dict.TryGetValue(key!, out int stored), Is.True);
            Assert.That(value, Is.EqualTo(stored));
        }
    }

    [Test]
    public void RandomEntriesEventuallyCoverEveryKey()
    {
        var dict = DictWith(10);
        var seen = new HashSet<string>();

        for (int draw = 0; draw < 5000 && seen.Count < 10; draw++)
        {
            dict.TryGetRandom(out byte[]? key, out _);
            seen.Add(Text(key!));
        }

        Assert.That(seen, Has.Count.EqualTo(10));
    }

    [Test]
    public void RandomEntryOfAnEmptyDictIsNone()
    {
        var dict = DictWith(3);
        dict.Clear();

        Assert.Multiple(() =>
        {
            Assert.That(new Dict<int>().TryGetRandom(out _, out _), Is.False);
            Assert.That(dict.TryGetRandom(out _, out _), Is.False);
        });
    }

    [Test]
    public void ClearEmptiesTheDictWhichStaysUsable()
    {
        var dict = DictGrowingFrom(1024);

        dict.Clear();

        Assert.Multiple(() =>
        {
            Assert.That(dict.Count, Is.Zero);
            Assert.That(dict.BucketCount, Is.Zero);
            Assert.That(dict.IsRehashing, Is.False);
            Assert.That(dict.TryGetValue("key:1"u8, out _), Is.False);
        });
        Assert.That(dict.TryAdd(Key("key:1"), 1), Is.True);
        Assert.That(dict.TryGetValue("key:1"u8, out _), Is.True);
    }

    [Test]
    public void EnumerationVisitsEveryEntryOnceWhileRehashing()
    {
        var dict = DictGrowingFrom(1024);
        dict.TryGetValue("missing"u8, out _);
        var visits = new Dictionary<string, int>();

        foreach (KeyValuePair<byte[], int> entry in dict)
            visits[Text(entry.Key)] = visits.GetValueOrDefault(Text(entry.Key)) + 1;

        Assert.Multiple(() =>
        {
            Assert.That(visits, Has.Count.EqualTo(dict.Count));
            Assert.That(visits.Values, Is.All.EqualTo(1));
        });
    }

    [Test]
    public void LookupsDuringEnumerationDoNotDisturbIt()
    {
        var dict = DictGrowingFrom(1024);
        var visits = new Dictionary<string, int>();

        foreach (KeyValuePair<byte[], int> entry in dict)
        {
            for (int i = 0; i < 10; i++)
                dict.TryGetValue("missing"u8, out _);
            visits[Text(entry.Key)] = visits.GetValueOrDefault(Text(entry.Key)) + 1;
        }

        Assert.Multiple(() =>
        {
            Assert.That(visits, Has.Count.EqualTo(dict.Count));
            Assert.That(visits.Values, Is.All.EqualTo(1));
            Assert.That(dict.IsRehashing, Is.True, "rehashing is paused during enumeration");
        });
        Assert.That(dict.RehashMilliseconds(1000), Is.Positive, "and resumes after it");
    }

    [Test]
    public void ModifyingDuringEnumerationThrows()
    {
        var dict = DictWith(10);

        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (KeyValuePair<byte[], int> entry in dict)
                dict.Remove(entry.Key);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            int added = 0;
            foreach (KeyValuePair<byte[], int> entry in dict)
                dict.TryAdd(Key("added:" + added++), 0);
        });
    }

    [Test]
    public void LookupBySpanDoesNotAllocate()
    {
        // A stable table: while rehashing, a lookup's rehash step may allocate the new table's next
        // entry chunk (see LookupsWhileRehashingAllocateOnlyTheNewTablesEntryChunks).
        var dict = DictWith(1024);
        FinishRehash(dict);
        byte[][] present = Enumerable.Range(0, 100).Select(i => Key("key:" + i)).ToArray();
        byte[] absent = Key("absent");
        LookUpAll(dict, present, absent);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int found = 0;
        for (int round = 0; round < 100; round++)
            found += LookUpAll(dict, present, absent);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(found, Is.EqualTo(100 * 3 * present.Length));
        });
    }

    [Test]
    public void LookupsWhileRehashingAllocateOnlyTheNewTablesEntryChunks()
    {
        var dict = DictGrowingFrom(1024);
        byte[][] present = Enumerable.Range(0, 100).Select(i => Key("key:" + i)).ToArray();
        byte[] absent = Key("absent");

        long before = GC.GetAllocatedBytesForCurrentThread();
        int found = 0;
        while (dict.IsRehashing)
            found += LookUpAll(dict, present, absent);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The entries moved (1025 of 24 bytes each for an int value) fill two chunks, one of them
        // grown by doubling from the new table's first size: a bounded, one-off cost per resize.
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.GreaterThan(0).And.LessThanOrEqualTo(3 * 1024 * 24 + 1024));
            Assert.That(dict.EntryCapacity, Is.EqualTo(2 * 1024));
            Assert.That(found % (3 * present.Length), Is.Zero);
        });
    }

    [Test]
    public void ASmallDictHoldsEntrySlotsForItsBucketsOnly()
    {
        var dict = DictWith(3);

        Assert.That(dict.EntryCapacity, Is.EqualTo(4));
    }

    [Test]
    public void RemovedEntrySlotsAreReusedByLaterInsertions()
    {
        var dict = DictWith(1000);
        FinishRehash(dict);
        long capacity = dict.EntryCapacity;

        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < 500; i++) dict.Remove(Key("key:" + i));
            for (int i = 0; i < 500; i++) dict.TryAdd(Key("key:" + i), i);
        }

        Assert.Multiple(() =>
        {
            Assert.That(dict.EntryCapacity, Is.EqualTo(capacity));
            Assert.That(dict.Count, Is.EqualTo(1000));
            for (int i = 0; i < 1000; i++)
                Assert.That(dict.TryGetValue(Key("key:" + i), out int value) && value == i, Is.True);
        });
    }

    [Test]
    public void AResizePacksTheEntriesIntoTheNewTable()
    {
        var dict = DictWith(5000);
        FinishRehash(dict);
        for (int i = 0; i < 4990; i++) dict.Remove(Key("key:" + i));
        Assert.That(dict.EntryCapacity, Is.GreaterThanOrEqualTo(5000));

        Assert.That(dict.ShrinkIfNeeded(), Is.True);
        FinishRehash(dict);

        Assert.Multiple(() =>
        {
            Assert.That(dict.BucketCount, Is.EqualTo(16));
            Assert.That(dict.EntryCapacity, Is.EqualTo(16));
            for (int i = 4990; i < 5000; i++)
                Assert.That(dict.TryGetValue(Key("key:" + i), out int value) && value == i, Is.True);
        });
    }

    // Counts hits rather than asserting inside the measured loop: constraints allocate.
    private static int LookUpAll(Dict<int> dict, byte[][] present, byte[] absent)
    {
        int found = 0;
        foreach (byte[] key in present)
        {
            found += dict.TryGetValue(key.AsSpan(), out _) ? 1 : 0;
            found += dict.TryGetEntry(key.AsSpan(), out _, out _) ? 1 : 0;
            found += Unsafe.IsNullRef(ref dict.GetValueRefOrNullRef(key.AsSpan())) ? 0 : 1;
        }

        found -= dict.TryGetValue(absent.AsSpan(), out _) ? 1 : 0;
        return found;
    }

    [Test]
    public void EnumerationDoesNotAllocate()
    {
        var dict = DictWith(1000);
        long sum = SumValues(dict);

        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += SumValues(dict);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(sum, Is.EqualTo(2L * 999 * 1000 / 2));
        });
    }

    private static long SumValues(Dict<int> dict)
    {
        long sum = 0;
        foreach (KeyValuePair<byte[], int> entry in dict)
            sum += entry.Value;
        return sum;
    }

    [Test]
    public void BehavesLikeADictionaryUnderRandomOperations()
    {
        var random = new Random(20240601);
        var dict = new Dict<int>();
        var model = new Dictionary<string, int>();

        for (int op = 0; op < 50_000; op++)
        {
            string key = "k" + random.Next(2000);
            switch (random.Next(10))
            {
                case < 4:
                    Assert.That(dict.TryAdd(Key(key), op), Is.EqualTo(model.TryAdd(key, op)));
                    break;
                case < 5:
                    dict.Set(Key(key), op);
                    model[key] = op;
                    break;
                case < 8:
                    Assert.That(dict.Remove(Key(key)), Is.EqualTo(model.Remove(key)));
                    break;
                case < 9:
                    dict.ShrinkIfNeeded();
                    break;
                default:
                    bool expectedFound = model.TryGetValue(key, out int expected);
                    Assert.That(dict.TryGetValue(Key(key), out int value), Is.EqualTo(expectedFound));
                    Assert.That(value, Is.EqualTo(expected));
                    break;
            }

            Assert.That(dict.Count, Is.EqualTo(model.Count));
        }

        var contents = new Dictionary<string, int>();
        foreach (KeyValuePair<byte[], int> entry in dict)
            contents.Add(Text(entry.Key), entry.Value);
        Assert.That(contents, Is.EquivalentTo(model));
    }
}
