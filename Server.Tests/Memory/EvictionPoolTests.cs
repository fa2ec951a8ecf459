// Tests for the eviction pool: sixteen candidates kept in order of score, the best taken first,
// keys deleted meanwhile skipped. cf. evictionPoolPopulate and the pick in performEvictions.

using System.Text;
using EventLoopRedis.Memory;

namespace EventLoopRedis.Tests.Memory;

public class EvictionPoolTests
{
    private static byte[] Key(string text) => Encoding.ASCII.GetBytes(text);

    private static string Text(byte[] key) => Encoding.ASCII.GetString(key);

    [Test]
    public void KeepsCandidatesInAscendingOrderOfScore()
    {
        var pool = new EvictionPool();
        foreach (var score in new ulong[] { 5, 1, 9, 3, 7 }) pool.Offer(Key("k" + score), 0, score);
        Assert.That(pool.Entries().Select(e => e.Score), Is.EqualTo(new ulong[] { 1, 3, 5, 7, 9 }));
    }

    [Test]
    public void AFullPoolKeepsTheSixteenBestCandidates()
    {
        var pool = new EvictionPool();
        var random = new Random(3);
        var scores = Enumerable.Range(0, 100).Select(i => (ulong)i).OrderBy(_ => random.Next()).ToList();
        foreach (var score in scores) pool.Offer(Key("k" + score), 0, score);
        Assert.That(pool.Entries().Select(e => e.Score), Is.EqualTo(Enumerable.Range(84, 16).Select(i => (ulong)i)));
    }

    [Test]
    public void AWorseCandidateThanAllOfAFullPoolIsDropped()
    {
        var pool = new EvictionPool();
        for (int i = 0; i < EvictionPool.Size; i++) pool.Offer(Key("k" + i), 0, (ulong)(100 + i));
        pool.Offer(Key("worse"), 0, 1);
        Assert.That(pool.Entries().Select(e => Text(e.Key)), Does.Not.Contain("worse"));
        Assert.That(pool.Entries().Count(), Is.EqualTo(EvictionPool.Size));
    }

    [Test]
    public void TakesTheBestFirstAndSkipsKeysThatNoLongerExist()
    {
        var pool = new EvictionPool();
        pool.Offer(Key("low"), 0, 1);
        pool.Offer(Key("ghost"), 2, 10);
        pool.Offer(Key("middle"), 1, 5);
        Assert.That(pool.TryTakeBest((db, key) => Text(key) != "ghost", out int db, out var key), Is.True);
        Assert.That((Text(key), db), Is.EqualTo(("middle", 1)));
        Assert.That(pool.Entries().Select(e => Text(e.Key)), Is.EqualTo(new[] { "low" }), "the ghost left the pool too");
        Assert.That(pool.TryTakeBest((_, _) => false, out _, out _), Is.False);
        Assert.That(pool.Entries(), Is.Empty);
    }
}
