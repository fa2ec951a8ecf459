// Tests for Snapshot: the image written while the data keeps changing is exactly the data as it was
// when the snapshot was made, whatever happens to the keys meanwhile. cf. rdbSaveBackground in rdb.c
// (where fork() gives Redis this property for free).

using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EventLoopRedis.Diagnostics;
using EventLoopRedis.Persistence;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Persistence;

public class SnapshotTests
{
    /// <summary>
    /// Records what a snapshot writes, key by key: database, key, value digest, expiry. An early entry
    /// is the key, the digest and the expiry in bytes, so splicing it in is checked as the RDB writer's is.
    /// </summary>
    private sealed class RecordingOutput : ISnapshotOutput
    {
        private int _db = -1;
        public readonly Dictionary<(int Db, string Key), (string Digest, long Expire)> Image = new();
        public readonly List<int> Databases = new();
        public readonly Dictionary<int, (long Keys, long Expires)> Sizes = new();

        public void BeginDatabase(int db, long keys, long expires)
        {
            _db = db;
            Databases.Add(db);
            Sizes[db] = (keys, expires);
        }

        public void WriteKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs) =>
            Add(key, DatasetDigest.OfValue(value, expireAtMs != -1), expireAtMs);

        public void SerializeEntry(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs)
        {
            var digest = DatasetDigest.OfValue(value, expireAtMs != -1);
            var bytes = new byte[4 + key.Length + digest.Length + 8];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, key.Length);
            key.CopyTo(bytes.AsSpan(4));
            digest.CopyTo(bytes.AsSpan(4 + key.Length));
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4 + key.Length + digest.Length), expireAtMs);
            into.Write(bytes);
        }

        public void WriteRaw(ReadOnlySpan<byte> entries)
        {
            while (entries.Length > 0)
            {
                int length = BinaryPrimitives.ReadInt32LittleEndian(entries);
                var key = entries.Slice(4, length);
                var digest = entries.Slice(4 + length, DatasetDigest.Length).ToArray();
                long expire = BinaryPrimitives.ReadInt64LittleEndian(entries[(4 + length + DatasetDigest.Length)..]);
                Add(key, digest, expire);
                entries = entries[(4 + length + DatasetDigest.Length + 8)..];
            }
        }

        private void Add(ReadOnlySpan<byte> key, byte[] digest, long expire)
        {
            Assert.That(_db, Is.Not.EqualTo(-1), "a key before any database section");
            var id = (_db, Encoding.Latin1.GetString(key));
            Assert.That(Image.ContainsKey(id), Is.False, $"key {id} written twice");
            Image[id] = (Convert.ToHexString(digest), expire);
        }
    }

    private static Database[] NewDatabases(int count)
    {
        var stats = new ServerStats();
        var databases = new Database[count];
        for (int i = 0; i < count; i++) databases[i] = new Database(i, stats);
        return databases;
    }

    private static byte[] Key(string text) => Encoding.Latin1.GetBytes(text);

    private static RedisObject Value(string text) => RedisObject.String(Encoding.Latin1.GetBytes(text));

    /// <summary>Every stored key with its value digest and expiry, expired or not (what the walk sees).</summary>
    private static Dictionary<(int Db, string Key), (string Digest, long Expire)> ImageOf(Database[] databases)
    {
        var image = new Dictionary<(int, string), (string, long)>();
        foreach (var db in databases)
        {
            foreach (var (key, value) in db.KeysTable)
            {
                long expire = db.ExpiresTable.TryGetValue(key, out long when) ? when : -1;
                image[(db.Id, Encoding.Latin1.GetString(key))] = (Convert.ToHexString(DatasetDigest.OfValue(value, expire != -1)), expire);
            }
        }
        return image;
    }

    // Key by key: NUnit's EquivalentTo compares collections pairwise, which is quadratic.
    private static void AssertSameImage(
        Dictionary<(int Db, string Key), (string Digest, long Expire)> actual,
        Dictionary<(int Db, string Key), (string Digest, long Expire)> expected)
    {
        foreach (var (id, entry) in expected)
        {
            Assert.That(actual.TryGetValue(id, out var saved), Is.True, $"key {id} missing from the image");
            Assert.That(saved, Is.EqualTo(entry), $"key {id} saved with another value or expiry");
        }
        Assert.That(actual.Count, Is.EqualTo(expected.Count), "keys in the image that were not there at the start");
    }

    private static void RunToCompletion(Snapshot snapshot, int keysPerStep, Action? between = null)
    {
        while (!snapshot.IsComplete)
        {
            snapshot.Step(keysPerStep, long.MaxValue);
            between?.Invoke();
        }
    }

    [Test]
    public void WithNoWritesTheImageIsTheData()
    {
        var databases = NewDatabases(3);
        for (int i = 0; i < 1000; i++) databases[i % 2 * 2].Set(Key("k" + i), Value("v" + i));
        databases[0].SetExpire(Key("k0"), Clock.UnixMs + 60_000);
        var expected = ImageOf(databases);
        var output = new RecordingOutput();
        using var snapshot = new Snapshot(databases, output);
        RunToCompletion(snapshot, 7);
        AssertSameImage(output.Image, expected);
        Assert.That(output.Databases, Is.EqualTo(new[] { 0, 2 }), "empty databases get no section");
        Assert.That(output.Sizes[0], Is.EqualTo((500L, 1L)));
        Assert.That(snapshot.CopyOnWriteKeys, Is.Zero);
    }

    [Test]
    public void AKeyChangedBeforeTheWalkReachesItIsSavedWithItsOldValue()
    {
        var databases = NewDatabases(1);
        for (int i = 0; i < 200; i++) databases[0].Set(Key("k" + i), Value("old"));
        var expected = ImageOf(databases);
        var output = new RecordingOutput();
        using var snapshot = new Snapshot(databases, output);
        for (int i = 0; i < 200; i++) databases[0].Set(Key("k" + i), Value("new"));
        RunToCompletion(snapshot, 10);
        AssertSameImage(output.Image, expected);
        Assert.That(snapshot.CopyOnWriteKeys, Is.EqualTo(200));
        Assert.That(snapshot.CopyOnWriteBytes, Is.GreaterThan(0));
    }

    [Test]
    public void KeysCreatedAfterTheStartAreNotSaved()
    {
        var databases = NewDatabases(2);
        databases[0].Set(Key("before"), Value("v"));
        var output = new RecordingOutput();
        using var snapshot = new Snapshot(databases, output);
        for (int i = 0; i < 5000; i++) databases[0].Set(Key("after" + i), Value("v")); // grows the table mid-walk
        databases[1].Set(Key("in-an-empty-db"), Value("v"));
        RunToCompletion(snapshot, 3, () => databases[0].Set(Key("during" + Random.Shared.Next()), Value("v")));
        Assert.That(output.Image.Keys, Is.EquivalentTo(new[] { (0, "before") }));
    }

    [Test]
    public void TheTableDoesNotShrinkWhileTheWalkRunsAndMayAfterwards()
    {
        var databases = NewDatabases(1);
        for (int i = 0; i < 4096; i++) databases[0].Set(Key("k" + i), Value("v"));
        while (databases[0].KeysTable.IsRehashing) databases[0].ResizeAndRehash();
        long buckets = databases[0].KeysTable.BucketCount;
        var output = new RecordingOutput();
        var snapshot = new Snapshot(databases, output);
        snapshot.Step(10, long.MaxValue);
        for (int i = 0; i < 4090; i++) databases[0].Delete(Key("k" + i));
        databases[0].ResizeAndRehash();
        Assert.That(databases[0].KeysTable.BucketCount, Is.EqualTo(buckets));
        RunToCompletion(snapshot, 10);
        snapshot.Dispose();
        databases[0].ResizeAndRehash();
        Assert.That(databases[0].KeysTable.BucketCount, Is.LessThan(buckets));
        Assert.That(output.Image.Count, Is.EqualTo(4096));
    }

    [Test]
    public void AnAbandonedSnapshotUnhooksTheDatabases()
    {
        var databases = NewDatabases(2);
        databases[0].Set(Key("k"), Value("v"));
        var snapshot = new Snapshot(databases, new RecordingOutput());
        Assert.That(databases[1].KeyChanging, Is.Not.Null);
        snapshot.Dispose();
        Assert.That(databases.Select(db => db.KeyChanging), Is.All.Null);
    }

    /// <summary>
    /// The heavy writer: sets, overwrites, in-place changes, deletions, expiries set and removed, lazy
    /// expiry, RENAME, MOVE, FLUSHDB and SWAPDB, all between slices of a walk over growing tables. The
    /// image must be T0's, key for key, value for value, expiry for expiry.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void UnderEveryKindOfWriteTheImageIsExactlyTheStart(int seed)
    {
        var random = new Random(seed);
        var databases = NewDatabases(4);
        for (int i = 0; i < 20_000; i++)
        {
            var db = databases[random.Next(4)];
            db.Set(Key("k" + random.Next(30_000)), Value("v" + i));
            if (random.Next(5) == 0) db.SetExpire(Key("k" + random.Next(30_000)), Clock.UnixMs + 60_000 + random.Next(1000));
        }
        // Some keys whose time has passed, still stored: lazy expiry deletes them during the walk.
        for (int i = 0; i < 200; i++) databases[1].Set(Key("stale" + i), Value("s"));
        for (int i = 0; i < 200; i++) databases[1].SetExpire(Key("stale" + i), Clock.UnixMs - 10);

        var expected = ImageOf(databases);
        var output = new RecordingOutput();
        using var snapshot = new Snapshot(databases, output);
        int flushes = 0, swaps = 0;
        RunToCompletion(snapshot, 50, () =>
        {
            for (int n = 0; n < 40; n++)
            {
                var db = databases[random.Next(4)];
                var key = Key("k" + random.Next(40_000));
                switch (random.Next(100))
                {
                    case < 25:
                        db.Set(key, Value("w" + random.Next()));
                        break;
                    case < 40:
                        // An in-place change: the executor announces the key, then the command edits the value.
                        db.AboutToChange(key);
                        if (db.PeekRaw(key) is { Type: RedisType.String } value) value.SetInteger(random.Next());
                        break;
                    case < 55:
                        db.Delete(key);
                        break;
                    case < 65:
                        db.SetExpire(key, Clock.UnixMs + random.Next(1, 100_000));
                        break;
                    case < 70:
                        db.RemoveExpire(key);
                        break;
                    case < 78:
                        if (db.Lookup(key) is not null) db.Rename(key, Key("k" + random.Next(40_000)));
                        break;
                    case < 84:
                        var target = databases[random.Next(4)];
                        if (target != db && db.Lookup(key) is not null && target.Lookup(key) is null) db.MoveTo(key, target);
                        break;
                    case < 90:
                        db.Lookup(Key("stale" + random.Next(200)));
                        break;
                    case 90 when flushes < 2:
                        flushes++;
                        db.Clear();
                        break;
                    case 91 when swaps < 4:
                        swaps++;
                        db.SwapWith(databases[random.Next(4)]);
                        break;
                    default:
                        db.Set(Key("new" + random.Next()), Value("n"));
                        break;
                }
            }
        });
        AssertSameImage(output.Image, expected);
        Assert.That(snapshot.KeysWritten, Is.EqualTo(expected.Count));
        Assert.That(snapshot.CopyOnWriteKeys, Is.GreaterThan(0));
    }

    [Test]
    public void AStepStopsAtItsDeadline()
    {
        var databases = NewDatabases(1);
        for (int i = 0; i < 100_000; i++) databases[0].Set(Key("k" + i), Value("v"));
        using var snapshot = new Snapshot(databases, new RecordingOutput());
        int written = snapshot.Step(int.MaxValue, Stopwatch.GetTimestamp());
        Assert.That(written, Is.LessThan(100));
        Assert.That(snapshot.IsComplete, Is.False);
    }

    // ---- the loop's share: bounded per turn, never proportional to the dataset ----------------

    /// <summary>Counts keys per step and allocates nothing itself, so the tests below see the snapshot's own costs.</summary>
    internal sealed class CountingOutput : ISnapshotOutput
    {
        public long Keys;
        public void BeginDatabase(int db, long keys, long expires) { }
        public void WriteKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs) => Keys++;
        public void SerializeEntry(IBufferWriter<byte> into, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs) => into.Write(key);
        public void WriteRaw(ReadOnlySpan<byte> entries) => Keys++;
    }

    private static Database[] DatabaseOf(int keys)
    {
        var databases = NewDatabases(1);
        for (int i = 0; i < keys; i++) databases[0].Set(Key("k" + i), Value("v"));
        return databases;
    }

    [Test]
    public void EachStepWritesAtMostItsKeysPlusOneBucket()
    {
        const int maxKeys = 50;
        var output = new CountingOutput();
        using var snapshot = new Snapshot(DatabaseOf(100_000), output);
        int steps = 0;
        while (!snapshot.IsComplete)
        {
            long before = output.Keys;
            int written = snapshot.Step(maxKeys, long.MaxValue);
            steps++;
            Assert.That(written, Is.EqualTo(output.Keys - before));
            // The step checks its budget after each bucket: one bucket's chain past it at most.
            Assert.That(written, Is.LessThanOrEqualTo(maxKeys + 32), $"step {steps}");
        }
        Assert.That(output.Keys, Is.EqualTo(100_000));
        Assert.That(steps, Is.GreaterThanOrEqualTo(100_000 / (maxKeys + 32)));
    }

    [TestCase(1_000)]
    [TestCase(200_000)]
    public void StartingAndSteppingCostTheSameWhateverTheDatasetSize(int keys)
    {
        // Allocation stands for work done per key: a snapshot that copied the key list, marked each
        // key or built a per-key table at its start would allocate in proportion to the dataset.
        var databases = DatabaseOf(keys);
        var output = new CountingOutput();
        long before = GC.GetAllocatedBytesForCurrentThread();
        using var snapshot = new Snapshot(databases, output);
        long atStart = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(atStart, Is.LessThan(2_048), "the start allocated per key");

        snapshot.Step(100, long.MaxValue); // the first step opens the database section
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) snapshot.Step(100, long.MaxValue);
        long perFiveSteps = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(perFiveSteps, Is.LessThan(1_024), "a step allocated per key");

        // A write to a key the walk has not reached settles that one key, not the table.
        before = GC.GetAllocatedBytesForCurrentThread();
        databases[0].Set(Key("k" + (keys - 1)), Value("changed"));
        long perWrite = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(perWrite, Is.LessThan(16_384), "a copy-on-write cost more than its key");
    }

    [Test]
    public void TheChecksumIsLeftToAnOutputThatComputesItOffTheLoop()
    {
        var output = new ChecksummingStream();
        var writer = new EventLoopRedis.Persistence.Rdb.RdbWriter(output, checksum: true, compress: false);
        writer.BeginDatabase(0, 1, 0);
        writer.WriteKey(Key("k"), Value("v"), -1);
        writer.WriteEnd();
        Assert.That(output.Asked, Is.True, "the writer did not hand the checksum over");
        Assert.That(output.ToArray()[^1], Is.EqualTo(0xFF), "the writer wrote a trailer after EOF itself");
    }

    private sealed class ChecksummingStream : MemoryStream, EventLoopRedis.Persistence.Rdb.IChecksummingOutput
    {
        public bool Asked;
        public void ChecksumAndAppendCrc64() => Asked = true;
    }

    [Test]
    public void ABackgroundSaveFileEndsWithTheCrc64OfItsBytes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "snapshotfile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string final = Path.Combine(dir, "dump.rdb");
            var file = new SnapshotFile(Path.Combine(dir, "temp.rdb"), final, incrementalFsync: false);
            var writer = new EventLoopRedis.Persistence.Rdb.RdbWriter(file, checksum: true, compress: false);
            writer.BeginDatabase(0, 3_000, 0);
            var big = new string('x', 1000);
            for (int i = 0; i < 3_000; i++) writer.WriteKey(Key("k" + i), Value(big + i), -1); // several chunks
            writer.WriteEnd();
            file.Complete();
            file.WaitUntilFinished();
            Assert.That(file.Error, Is.Null);
            var bytes = File.ReadAllBytes(final);
            Assert.That(bytes.Length, Is.GreaterThan(3_000_000));
            Assert.That(bytes[^9], Is.EqualTo(0xFF));
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)),
                Is.EqualTo(EventLoopRedis.Persistence.Rdb.Crc64.Update(0, bytes.AsSpan(0, bytes.Length - 8))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
