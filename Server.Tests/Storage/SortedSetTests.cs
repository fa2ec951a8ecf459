// Tests for SortedSet, the type API over both encodings: ZADD's conditions, conversion at the
// thresholds, ranks, ranges, removal and conversion back for store commands. cf. t_zset.c's zset* API.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class SortedSetTests
{
    private static readonly ZsetLimits Defaults = new(128, 64);

    private static byte[] M(string text) => Encoding.Latin1.GetBytes(text);

    private static string Members(SortedSet zset, bool reverse = false)
    {
        var parts = new List<string>();
        var cursor = zset.IterateFrom(reverse ? zset.Count - 1 : 0, reverse);
        while (cursor.MoveNext()) parts.Add(Encoding.Latin1.GetString(cursor.Member));
        return string.Join(",", parts);
    }

    [Test]
    public void AddHonoursNxXxGtLtAndIncr()
    {
        var zset = SortedSet.Create(Defaults, 1);
        Assert.That(zset.Add(M("a"), 1, ZAddFlags.None, Defaults, out _), Is.EqualTo(ZAddResult.Added));
        Assert.That(zset.Add(M("a"), 1, ZAddFlags.None, Defaults, out _), Is.EqualTo(ZAddResult.Unchanged));
        Assert.That(zset.Add(M("a"), 5, ZAddFlags.Nx, Defaults, out _), Is.EqualTo(ZAddResult.Nop));
        Assert.That(zset.Add(M("b"), 5, ZAddFlags.Xx, Defaults, out _), Is.EqualTo(ZAddResult.Nop));
        Assert.That(zset.Add(M("a"), 0, ZAddFlags.Gt, Defaults, out _), Is.EqualTo(ZAddResult.Nop));
        Assert.That(zset.Add(M("a"), 3, ZAddFlags.Gt, Defaults, out double score), Is.EqualTo(ZAddResult.Updated));
        Assert.That(score, Is.EqualTo(3));
        Assert.That(zset.Add(M("a"), 2, ZAddFlags.Incr | ZAddFlags.Lt, Defaults, out _), Is.EqualTo(ZAddResult.Nop));
        Assert.That(zset.Add(M("a"), -1, ZAddFlags.Incr, Defaults, out score), Is.EqualTo(ZAddResult.Updated));
        Assert.That(score, Is.EqualTo(2));
        zset.Add(M("inf"), double.PositiveInfinity, ZAddFlags.None, Defaults, out _);
        Assert.That(zset.Add(M("inf"), double.NegativeInfinity, ZAddFlags.Incr, Defaults, out _), Is.EqualTo(ZAddResult.NaN));
        Assert.That(zset.TryGetScore(M("inf"), out score) && double.IsPositiveInfinity(score), Is.True);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void BothEncodingsGiveTheSameAnswers(bool skiplist)
    {
        var limits = skiplist ? new ZsetLimits(0, 64) : Defaults;
        var zset = SortedSet.Create(limits, 1);
        var random = new Random(5);
        for (int i = 0; i < 100; i++) zset.Add(M("m" + random.Next(60)), random.Next(10), ZAddFlags.None, limits, out _);
        Assert.That(zset.Encoding, Is.EqualTo(skiplist ? ObjectEncoding.Skiplist : ObjectEncoding.Listpack));

        var reference = SortedSet.Create(Defaults, 1);
        var cursor = zset.IterateFrom(0, reverse: false);
        while (cursor.MoveNext()) reference.InsertNew(cursor.Member, cursor.Score);
        Assert.That(Members(zset), Is.EqualTo(Members(reference)));
        Assert.That(Members(zset, reverse: true), Is.EqualTo(Members(reference, reverse: true)));
        var range = new ScoreRange(3, true, 7, false);
        Assert.That(zset.FirstInRange(range), Is.EqualTo(reference.FirstInRange(range)));
        Assert.That(zset.LastInRange(range), Is.EqualTo(reference.LastInRange(range)));
        Assert.That(zset.CountInRange(range), Is.EqualTo(reference.CountInRange(range)));
        for (int i = 0; i < 60; i++)
        {
            Assert.That(zset.Rank(M("m" + i), reverse: false), Is.EqualTo(reference.Rank(M("m" + i), reverse: false)));
            Assert.That(zset.Rank(M("m" + i), reverse: true), Is.EqualTo(reference.Rank(M("m" + i), reverse: true)));
        }
        zset.RemoveRange(2, 10);
        reference.RemoveRange(2, 10);
        Assert.That(Members(zset), Is.EqualTo(Members(reference)));
    }

    [Test]
    public void GrowingPastEitherThresholdConvertsToSkiplist()
    {
        var limits = new ZsetLimits(3, 5);
        var zset = SortedSet.Create(limits, 1);
        for (int i = 0; i < 3; i++) zset.Add(M("m" + i), i, ZAddFlags.None, limits, out _);
        Assert.That(zset.Encoding, Is.EqualTo(ObjectEncoding.Listpack));
        zset.Add(M("m3"), 3, ZAddFlags.None, limits, out _);
        Assert.That(zset.Encoding, Is.EqualTo(ObjectEncoding.Skiplist));
        Assert.That(Members(zset), Is.EqualTo("m0,m1,m2,m3"));

        var wide = SortedSet.Create(limits, 1);
        wide.Add(M("abcdef"), 1, ZAddFlags.None, limits, out _);
        Assert.That(wide.Encoding, Is.EqualTo(ObjectEncoding.Skiplist));
        Assert.That(SortedSet.Create(limits, 6).Encoding, Is.EqualTo(ObjectEncoding.Skiplist));
    }

    [Test]
    public void ConvertToListpackIfNeededOnlyWhenBothThresholdsFit()
    {
        var zset = SortedSet.CreateSkiplist();
        zset.InsertNew(M("b"), 2);
        zset.InsertNew(M("a"), -0.0);
        zset.ConvertToListpackIfNeeded(new ZsetLimits(1, 64), 1);
        Assert.That(zset.Encoding, Is.EqualTo(ObjectEncoding.Skiplist));
        zset.ConvertToListpackIfNeeded(new ZsetLimits(2, 0), 1);
        Assert.That(zset.Encoding, Is.EqualTo(ObjectEncoding.Skiplist));
        zset.ConvertToListpackIfNeeded(new ZsetLimits(2, 64), 1);
        Assert.That(zset.Encoding, Is.EqualTo(ObjectEncoding.Listpack));
        Assert.That(Members(zset), Is.EqualTo("a,b"));
        Assert.That(zset.TryGetScore(M("a"), out double score) && !double.IsNegative(score), Is.True);
    }

    [Test]
    public void ConvertToSkiplistKeepsMembersAndScoresAndIsIdempotent()
    {
        var zset = SortedSet.CreateListpack();
        zset.InsertNew(M("b"), 2);
        zset.InsertNew(M("a"), 1);
        zset.ConvertToSkiplist();
        Assert.That(zset.Encoding, Is.EqualTo(ObjectEncoding.Skiplist));
        zset.ConvertToSkiplist();
        Assert.That(zset.Encoding, Is.EqualTo(ObjectEncoding.Skiplist));
        Assert.That(Members(zset), Is.EqualTo("a,b"));
        Assert.That(zset.TryGetScore(M("b"), out double score) && score == 2, Is.True);
    }

    [Test]
    public void ScanOfASkiplistReturnsEveryMemberWithItsScore()
    {
        var zset = SortedSet.CreateSkiplist();
        for (int i = 0; i < 1000; i++) zset.InsertNew(M("m" + i), i / 10.0);
        var seen = new Dictionary<string, string>();
        var batch = new List<byte[]>();
        ulong cursor = 0;
        do
        {
            cursor = zset.Scan(cursor, 10, batch);
            for (int i = 0; i < batch.Count; i += 2) seen[Encoding.Latin1.GetString(batch[i])] = Encoding.Latin1.GetString(batch[i + 1]);
            batch.Clear();
        } while (cursor != 0);
        Assert.That(seen, Has.Count.EqualTo(1000));
        Assert.That(seen["m1"], Is.EqualTo("0.10000000000000001"));
        Assert.That(seen["m990"], Is.EqualTo("99"));
    }
}
