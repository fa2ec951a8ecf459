// Tests for Database: lazy expiry at the exact millisecond, the walks over the keyspace (KEYS,
// SCAN, RANDOMKEY), moving values between keys and databases, and the active expiry cycle.
// cf. db.c and expire.c.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class DatabaseTests
{
    private ServerStats _stats = new();

    [SetUp]
    public void FreshStats() => _stats = new ServerStats();

    private static byte[] Key(string text) => Encoding.ASCII.GetBytes(text);

    private static RedisObject Value(string text) => RedisObject.String(Encoding.ASCII.GetBytes(text));

    private Database DatabaseWith(int keys, string prefix = "key:", long expireAt = -1)
    {
        var db = new Database(0, _stats);
        for (int i = 0; i < keys; i++)
        {
            db.Set(Key(prefix + i), Value("v"));
            if (expireAt != -1) db.SetExpire(Key(prefix + i), expireAt);
        }
        return db;
    }

    private static long FarFuture => Clock.UnixMs + 3_600_000;

    private static long Past => Clock.UnixMs - 1000;

    [Test]
    public void AKeyExpiringAtThisMillisecondIsStillThere()
    {
        var db = DatabaseWith(1);
        long now = Clock.UnixMs;
        // Redis expires a key once now > when, so a time a little ahead is safe to assert on.
        db.SetExpire(Key("key:0"), now + 5_000);
        Assert.That(db.LookupQuiet(Key("key:0")), Is.Not.Null);
        db.SetExpire(Key("key:0"), now - 1);
        Assert.That(db.LookupQuiet(Key("key:0")), Is.Null);
        Assert.That(db.Count, Is.Zero);
        Assert.That(_stats.ExpiredKeys, Is.EqualTo(1));
    }

    [Test]
    public void LookupNoTouchCountsTheHitButKeepsTheAccessTime()
    {
        var db = DatabaseWith(1);
        var value = db.LookupQuiet(Key("key:0"))!;
        value.LastAccessMs = 1234;
        Assert.That(db.LookupNoTouch(Key("key:0")), Is.SameAs(value));
        Assert.That(value.LastAccessMs, Is.EqualTo(1234));
        Assert.That(_stats.KeyspaceHits, Is.EqualTo(1));
        db.LookupNoTouch(Key("missing"));
        Assert.That(_stats.KeyspaceMisses, Is.EqualTo(1));
        db.Lookup(Key("key:0"));
        Assert.That(value.LastAccessMs, Is.Not.EqualTo(1234));
    }

    [Test]
    public void CollectKeysHidesExpiredKeysWithoutDeletingThem()
    {
        var db = DatabaseWith(5);
        db.SetExpire(Key("key:1"), Past);
        db.Set(Key(""), Value("empty"));
        var keys = new List<byte[]>();
        db.CollectKeys("*"u8, keys);
        Assert.That(keys.Select(k => Encoding.ASCII.GetString(k)), Is.EquivalentTo(new[] { "key:0", "key:2", "key:3", "key:4", "" }));
        Assert.That(db.Count, Is.EqualTo(6), "KEYS must not change the table it walks");

        keys.Clear();
        db.CollectKeys("key:[2-9]"u8, keys);
        Assert.That(keys, Has.Count.EqualTo(3));
    }

    [Test]
    public void ScanStopsAfterTenBucketsPerCountInASparseTable()
    {
        var db = DatabaseWith(1000);
        for (int i = 1; i < 1000; i++) db.Delete(Key("key:" + i));
        var keys = new List<byte[]>();
        ulong cursor = 0;
        int calls = 0;
        do
        {
            cursor = db.Scan(cursor, 1, keys);
            calls++;
        } while (cursor != 0);
        Assert.That(keys.Select(k => Encoding.ASCII.GetString(k)), Is.EqualTo(new[] { "key:0" }));
        // 1024 buckets, at most 1 + 10 visited per call while nothing is found.
        Assert.That(calls, Is.GreaterThanOrEqualTo(1024 / 11));
    }

    [Test]
    public void ScanReturnsAboutCountKeysPerCall()
    {
        var db = DatabaseWith(1000);
        var keys = new List<byte[]>();
        ulong cursor = db.Scan(0, 100, keys);
        Assert.That(cursor, Is.Not.Zero);
        // Whole buckets are returned, so a call may overshoot by the rest of the last chain.
        Assert.That(keys, Has.Count.InRange(100, 110));
    }

    [Test]
    public void RandomKeyDeletesExpiredKeysItDrawsAndFindsTheLiveOne()
    {
        var db = DatabaseWith(200, expireAt: Past);
        db.Set(Key("live"), Value("v"));
        Assert.That(Encoding.ASCII.GetString(db.RandomKey()!), Is.EqualTo("live"));
        db.Delete(Key("live"));
        Assert.That(db.RandomKey(), Is.Null);
        Assert.That(db.Count, Is.Zero);
    }

    [Test]
    public void RenameCarriesTheTimeToLiveAndDropsTheOldDestination()
    {
        var db = DatabaseWith(2);
        long when = FarFuture;
        db.SetExpire(Key("key:0"), when);
        db.SetExpire(Key("key:1"), when + 1);
        var value = db.LookupQuiet(Key("key:0"));
        db.Rename(Key("key:0"), Key("key:1"));
        Assert.That(db.LookupQuiet(Key("key:1")), Is.SameAs(value));
        Assert.That(db.GetExpire(Key("key:1")), Is.EqualTo(when));
        Assert.That(db.LookupQuiet(Key("key:0")), Is.Null);
        Assert.That((db.Count, db.ExpiresCount), Is.EqualTo((1, 1)));
    }

    [Test]
    public void MoveToCarriesTheValueAndTheTimeToLive()
    {
        var source = DatabaseWith(1);
        var target = new Database(1, _stats);
        long when = FarFuture;
        source.SetExpire(Key("key:0"), when);
        var value = source.LookupQuiet(Key("key:0"));
        source.MoveTo(Key("key:0"), target);
        Assert.That((source.Count, source.ExpiresCount), Is.EqualTo((0, 0)));
        Assert.That(target.LookupQuiet(Key("key:0")), Is.SameAs(value));
        Assert.That(target.GetExpire(Key("key:0")), Is.EqualTo(when));
    }

    [Test]
    public void ActiveExpireCycleReclaimsExpiredKeysAndLeavesTheOthers()
    {
        var db = DatabaseWith(5000, "old:", expireAt: Past);
        for (int i = 0; i < 500; i++)
        {
            db.Set(Key("new:" + i), Value("v"));
            db.SetExpire(Key("new:" + i), FarFuture);
        }
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        for (int tick = 0; tick < 100 && db.Count > 500; tick++)
        {
            db.ActiveExpireCycle(20, 10, deadline);
            db.ResizeAndRehash();
        }
        Assert.That(db.Count, Is.EqualTo(500));
        Assert.That(_stats.ExpiredKeys, Is.EqualTo(5000));
    }

    [Test]
    public void ActiveExpireCycleStopsAtItsDeadline()
    {
        var db = DatabaseWith(50_000, expireAt: Past);
        bool timeLimitHit = db.ActiveExpireCycle(20, 10, deadlineTicks: Stopwatch.GetTimestamp());
        Assert.That(timeLimitHit, Is.True);
        // One sample of about 20 keys, then the deadline is noticed.
        Assert.That(_stats.ExpiredKeys, Is.InRange(1, 40));
    }

    [Test]
    public void ActiveExpireCycleStopsWhenFewSampledKeysHadExpired()
    {
        var db = DatabaseWith(10_000, expireAt: FarFuture);
        for (int i = 0; i < 10_000; i += 100) db.SetExpire(Key("key:" + i), Past);
        bool timeLimitHit = db.ActiveExpireCycle(20, 10, Stopwatch.GetTimestamp() + Stopwatch.Frequency);
        Assert.That(timeLimitHit, Is.False);
        Assert.That(_stats.ExpiredKeys, Is.LessThan(100), "1% stale is acceptable: the cycle should not look further");
    }
}
