// Tests for Database.DatasetBytes, the dataset part of used_memory: it always equals what
// MEMORY USAGE's sizing gives for the keys stored now, through adds, overwrites, in-place changes,
// deletions, expiry, RENAME, MOVE, SWAPDB, FLUSHDB and eviction. cf. zmalloc's used_memory counter.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class DatasetEstimateTests
{
    private readonly ServerStats _stats = new();

    private static byte[] Key(string text) => Encoding.ASCII.GetBytes(text);

    private static RedisObject Text(string text) => RedisObject.EncodedString(Encoding.ASCII.GetBytes(text));

    /// <summary>The estimate, recomputed from scratch: every stored key's array and value, plus the tables' own bytes.</summary>
    private static long Recomputed(Database db)
    {
        var keys = new List<byte[]>();
        db.CollectKeys("*"u8, keys);
        long total = 0;
        foreach (var key in keys) total += MemoryUsage.ArrayBytes(key.Length) + MemoryUsage.OfValue(db.PeekRaw(key)!, MemoryUsage.DefaultSamples);
        var (main, expires) = db.HashTableOverhead();
        return total + main + expires;
    }

    private static void AssertTracks(Database db) => Assert.That(db.DatasetBytes(), Is.EqualTo(Recomputed(db)));

    [Test]
    public void TheMeasureQueueKeepsItsRoomWhileWritesKeepTheirPaceAndGivesItBackAfterABurst()
    {
        var db = new Database(0, _stats);
        // Each estimate (a cron tick) finds 20,000 values written since the last.
        for (int tick = 0; tick < 3; tick++)
        {
            for (int i = 0; i < 20_000; i++) db.Set(Key("key:" + i), Text("v"));
            db.DatasetBytes();
        }
        int room = db.MeasureQueueCapacity;
        Assert.That(room, Is.GreaterThanOrEqualTo(20_000));
        for (int i = 0; i < 20_000; i++) db.Set(Key("key:" + i), Text("w"));
        db.DatasetBytes();
        Assert.That(db.MeasureQueueCapacity, Is.EqualTo(room), "the same pace: no array to grow again");
        // The writes stop: the next estimate finds a handful, and the room goes.
        db.Set(Key("key:1"), Text("x"));
        db.DatasetBytes();
        Assert.That(db.MeasureQueueCapacity, Is.EqualTo(4096));
        AssertTracks(db);
    }

    [Test]
    public void KeysLoadedFromAFileAreCounted()
    {
        var db = new Database(0, _stats);
        for (int i = 0; i < 500; i++) db.AddLoaded(Key("key:" + i), Text(new string('v', i % 100)), i % 2 == 0 ? -1 : 4_000_000_000_000, replace: false);
        AssertTracks(db);
        // DEBUG RELOAD MERGE replaces what is there: the old values leave the estimate.
        for (int i = 0; i < 500; i += 3) db.AddLoaded(Key("key:" + i), Text("short"), -1, replace: true);
        AssertTracks(db);
    }

    [Test]
    public void AddingAndDeletingKeysComesBackToTheEmptyFigure()
    {
        var db = new Database(0, _stats);
        long empty = db.DatasetBytes();
        for (int i = 0; i < 1000; i++) db.Set(Key("key:" + i), Text(new string('v', i % 100)));
        AssertTracks(db);
        Assert.That(db.DatasetBytes() - empty, Is.GreaterThan(1000 * 100));
        for (int i = 0; i < 1000; i++) db.Delete(Key("key:" + i));
        // The table keeps its buckets until the cron shrinks it; the keys and values are gone.
        db.ResizeAndRehash();
        AssertTracks(db);
        Assert.That(db.DatasetBytes(), Is.LessThan(empty + 1024));
    }

    [Test]
    public void AnOverwriteReplacesTheOldValuesBytes()
    {
        var db = new Database(0, _stats);
        db.Set(Key("k"), Text(new string('x', 10_000)));
        long big = db.DatasetBytes();
        db.Set(Key("k"), Text("small"));
        AssertTracks(db);
        Assert.That(db.DatasetBytes(), Is.LessThan(big - 9_000));
    }

    [Test]
    public void AValueChangedInPlaceIsMeasuredAgainOnceSignalled()
    {
        var db = new Database(0, _stats);
        var key = Key("k");
        var value = Text("abc");
        db.Set(key, value);
        long before = db.DatasetBytes();
        value.WritableString(100_000); // APPEND, SETRANGE...: the string grows in place
        db.SignalModified(key);
        AssertTracks(db);
        Assert.That(db.DatasetBytes() - before, Is.GreaterThanOrEqualTo(100_000));
    }

    [Test]
    public void AStringTurningIntoAnIntegerAndBackKeepsItsAccount()
    {
        var db = new Database(0, _stats);
        var key = Key("n");
        var value = Text("not a number yet");
        db.Set(key, value);
        AssertTracks(db);
        value.SetInteger(42); // INCR of a string that parses
        db.SignalModified(key);
        AssertTracks(db);
        value.WritableString(30); // APPEND to an int
        db.SignalModified(key);
        AssertTracks(db);
        db.Delete(key);
        AssertTracks(db);
    }

    [Test]
    public void ACollectionGrowingInPlaceIsCounted()
    {
        var db = new Database(0, _stats);
        var key = Key("set");
        var set = RedisSet.CreateFor("m0"u8);
        db.Set(key, RedisObject.Collection(RedisType.Set, set));
        for (int i = 1; i < 5000; i++)
        {
            set.Add(Encoding.ASCII.GetBytes("member:" + i), 512);
            if (i % 1000 == 0) db.SignalModified(key); // measured whenever it is read, however often it changed
        }
        db.SignalModified(key);
        AssertTracks(db);
        Assert.That(db.DatasetBytes(), Is.GreaterThan(5000 * 40));
    }

    [Test]
    public void RenameMoveSwapAndFlushKeepBothDatabasesExact()
    {
        var a = new Database(0, _stats);
        var b = new Database(1, _stats);
        for (int i = 0; i < 100; i++) a.Set(Key("key:" + i), Text(new string('v', 200)));
        a.SetExpire(Key("key:1"), Clock.UnixMs + 100_000);
        a.Rename(Key("key:1"), Key("a-much-longer-name-than-before"));
        a.Rename(Key("key:2"), Key("key:3")); // onto an existing key
        a.MoveTo(Key("key:4"), b);
        AssertTracks(a);
        AssertTracks(b);
        a.SwapWith(b);
        AssertTracks(a);
        AssertTracks(b);
        b.Clear();
        AssertTracks(b);
        Assert.That(b.DatasetBytes(), Is.EqualTo(new Database(2, _stats).DatasetBytes()));
    }

    /// <summary>
    /// Values changed and queued for measuring that leave before the estimate is read: deleted,
    /// overwritten, moved to another database, deleted and stored again, flushed.
    /// </summary>
    [Test]
    public void ValuesThatLeaveWhileQueuedForMeasuringKeepBothDatabasesExact()
    {
        var a = new Database(0, _stats);
        var b = new Database(1, _stats);
        RedisObject Grown(string key)
        {
            var value = Text("abc");
            a.Set(Key(key), value);
            a.DatasetBytes(); // measured once, then changed in place
            value.WritableString(5_000);
            a.SignalModified(Key(key));
            return value;
        }
        Grown("deleted");
        a.Delete(Key("deleted"));
        Grown("overwritten");
        a.Set(Key("overwritten"), Text("short"));
        Grown("moved");
        a.MoveTo(Key("moved"), b);
        var back = Grown("back");
        a.Delete(Key("back"));
        a.Set(Key("back"), back); // the same object, queued again
        AssertTracks(a);
        AssertTracks(b);
        Assert.That(b.DatasetBytes(), Is.GreaterThan(5_000));

        Grown("flushed");
        a.Clear();
        AssertTracks(a);
        Assert.That(a.DatasetBytes(), Is.EqualTo(new Database(2, _stats).DatasetBytes()));
    }

    [Test]
    public void ExpiredKeysLeaveTheEstimate()
    {
        var db = new Database(0, _stats);
        db.Set(Key("gone"), Text(new string('v', 5000)));
        db.SetExpire(Key("gone"), Clock.UnixMs - 10);
        Assert.That(db.Lookup(Key("gone")), Is.Null);
        AssertTracks(db);
        Assert.That(db.DatasetBytes(), Is.LessThan(1000));
    }

    [Test]
    public void EvictingReturnsTheBytesFreedAndReportsTheKey()
    {
        var db = new Database(0, _stats);
        var events = new List<(KeyEvent, string)>();
        var modified = new List<string>();
        db.KeyEventRaised = (_, what, key) => events.Add((what, Encoding.ASCII.GetString(key)));
        db.KeyModified = (_, key) => modified.Add(Encoding.ASCII.GetString(key));
        db.Set(Key("victim"), Text(new string('v', 5000)));
        long before = db.DatasetBytes();
        long freed = db.Evict(Key("victim"));
        Assert.That(freed, Is.EqualTo(before - db.DatasetBytes()).And.GreaterThan(5000));
        Assert.That(_stats.EvictedKeys, Is.EqualTo(1));
        Assert.That(events, Does.Contain((KeyEvent.Evicted, "victim")));
        Assert.That(modified, Is.EqualTo(new[] { "victim" }));
        Assert.That(db.Evict(Key("victim")), Is.Zero, "an absent key frees nothing");
    }
}
