// Tests for ObjectAccess: what the access field holds under LRU and LFU, the LFU counter's
// logarithmic growth and its decay by the minute, and what an overwrite keeps.
// cf. LFULogIncr, LFUDecrAndReturn and LFUTimeElapsed in evict.c.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class ObjectAccessTests
{
    private static RedisObject Value() => RedisObject.String("v"u8.ToArray());

    private static long MinutesNow => Clock.CoarseUnixMs / 1000 / 60 & 0xFFFF;

    /// <summary>An LFU field whose last decrement was <paramref name="minutesAgo"/> minutes ago, holding <paramref name="counter"/>.</summary>
    private static long LfuField(long minutesAgo, long counter) => ((MinutesNow - minutesAgo) & 0xFFFF) << 8 | counter;

    [Test]
    public void UnderLruTheFieldIsTheTimeOfTheLastAccess()
    {
        var access = new ObjectAccess();
        var value = Value();
        value.LastAccessMs = 0;
        access.Touched(value);
        Assert.That(value.LastAccessMs, Is.EqualTo(Clock.CoarseUnixMs));
        value.LastAccessMs = Clock.CoarseUnixMs - 5000;
        Assert.That(ObjectAccess.IdleMilliseconds(value), Is.EqualTo(5000));
    }

    [Test]
    public void UnderLfuANewValueStartsAtFive()
    {
        var access = new ObjectAccess { Lfu = true };
        var value = Value();
        access.Created(value);
        Assert.That(value.LastAccessMs & 0xFF, Is.EqualTo(ObjectAccess.LfuInitialCounter));
        Assert.That(value.LastAccessMs >> 8, Is.EqualTo(MinutesNow));
        Assert.That(access.DecayedCounter(value), Is.EqualTo(5));
    }

    [Test]
    public void WithLogFactorZeroEveryAccessCountsUpToTheSaturation()
    {
        var access = new ObjectAccess { Lfu = true, LfuLogFactor = 0 };
        var value = Value();
        access.Created(value);
        for (int i = 0; i < 10; i++) access.Touched(value);
        Assert.That(access.DecayedCounter(value), Is.EqualTo(15));
        for (int i = 0; i < 1000; i++) access.Touched(value);
        Assert.That(access.DecayedCounter(value), Is.EqualTo(255));
    }

    [Test]
    public void WithTheDefaultFactorTheCounterGrowsLogarithmically()
    {
        var access = new ObjectAccess { Lfu = true };
        var value = Value();
        access.Created(value);
        for (int i = 0; i < 1000; i++) access.Touched(value);
        long after1000 = access.DecayedCounter(value);
        for (int i = 0; i < 9000; i++) access.Touched(value);
        long after10000 = access.DecayedCounter(value);
        // Reaching counter c takes about 5 (c - 5)^2 accesses at factor 10: ~19 after 1,000, ~50 after 10,000.
        Assert.That(after1000, Is.InRange(12, 28));
        Assert.That(after10000, Is.InRange(38, 62));
    }

    [TestCase(3, 20, 1, 17)]
    [TestCase(3, 20, 2, 19)]
    [TestCase(3, 20, 0, 20)]
    [TestCase(30, 20, 1, 0)]
    [TestCase(0, 20, 1, 20)]
    public void TheCounterDecaysByOnePerDecayPeriodElapsed(long minutesAgo, long counter, int decayMinutes, long expected)
    {
        var access = new ObjectAccess { Lfu = true, LfuDecayMinutes = decayMinutes };
        var value = Value();
        value.LastAccessMs = LfuField(minutesAgo, counter);
        Assert.That(access.DecayedCounter(value), Is.EqualTo(expected));
    }

    [Test]
    public void ReadingTheCounterDoesNotStoreTheDecayButAnAccessDoes()
    {
        var access = new ObjectAccess { Lfu = true, LfuLogFactor = 0 };
        var value = Value();
        value.LastAccessMs = LfuField(4, 20);
        Assert.That(access.DecayedCounter(value), Is.EqualTo(16));
        Assert.That(value.LastAccessMs & 0xFF, Is.EqualTo(20), "OBJECT FREQ and the eviction pool only read");
        access.Touched(value);
        Assert.That(value.LastAccessMs & 0xFF, Is.EqualTo(17), "decayed to 16, then one access");
        Assert.That(value.LastAccessMs >> 8, Is.EqualTo(MinutesNow));
    }

    [Test]
    public void TheSixteenBitMinuteClockWrapsOnce()
    {
        var access = new ObjectAccess { Lfu = true };
        var value = Value();
        // A decrement time "ahead" of now is read as having wrapped: 65535 - ldt + now minutes ago.
        long ahead = (MinutesNow + 10) & 0xFFFF;
        value.LastAccessMs = ahead << 8 | 200;
        long elapsed = MinutesNow >= ahead ? MinutesNow - ahead : 65535 - ahead + MinutesNow;
        Assert.That(access.DecayedCounter(value), Is.EqualTo(Math.Max(0, 200 - elapsed)));
    }

    [Test]
    public void AnOverwriteKeepsTheLfuCounterButNotTheLruTime()
    {
        var stats = new ServerStats();
        var lfu = new Database(0, stats) { Access = new ObjectAccess { Lfu = true, LfuLogFactor = 0 } };
        var key = Encoding.ASCII.GetBytes("k");
        lfu.Set(key, Value());
        for (int i = 0; i < 7; i++) lfu.Lookup(key);
        lfu.Set(key, Value());
        Assert.That(lfu.Access.DecayedCounter(lfu.PeekRaw(key)!), Is.EqualTo(12));

        var lru = new Database(0, stats);
        var old = Value();
        lru.Set(key, old);
        old.LastAccessMs = 1;
        lru.Set(key, Value());
        Assert.That(lru.PeekRaw(key)!.LastAccessMs, Is.EqualTo(Clock.CoarseUnixMs));
    }
}
