// Tests for SkipList: order by score then member, spans and ranks, score updates in place or by
// moving, range searches and rank-range deletion, checked against a sorted model. cf. t_zset.c's zsl*.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class SkipListTests
{
    private static byte[] M(string text) => Encoding.Latin1.GetBytes(text);

    private static List<(double Score, string Member)> Walk(SkipList list)
    {
        var items = new List<(double, string)>();
        for (var node = list.First; node is not null; node = node.Next) items.Add((node.Score, Encoding.Latin1.GetString(node.Member)));
        return items;
    }

    private static List<(double Score, string Member)> WalkBackwards(SkipList list)
    {
        var items = new List<(double, string)>();
        for (var node = list.Last; node is not null; node = node.Backward) items.Add((node.Score, Encoding.Latin1.GetString(node.Member)));
        items.Reverse();
        return items;
    }

    private static int Order((double Score, string Member) a, (double Score, string Member) b) =>
        a.Score != b.Score ? a.Score.CompareTo(b.Score) : M(a.Member).AsSpan().SequenceCompareTo(M(b.Member));

    [Test]
    public void InsertKeepsScoreThenMemberOrderBothWays()
    {
        var list = new SkipList();
        list.Insert(2, M("b"));
        list.Insert(1, M("z"));
        list.Insert(2, M("a"));
        list.Insert(2, M("ab"));
        list.Insert(double.NegativeInfinity, M("low"));
        list.Insert(double.PositiveInfinity, M("high"));
        var expected = new List<(double, string)> { (double.NegativeInfinity, "low"), (1, "z"), (2, "a"), (2, "ab"), (2, "b"), (double.PositiveInfinity, "high") };
        Assert.That(Walk(list), Is.EqualTo(expected));
        Assert.That(WalkBackwards(list), Is.EqualTo(expected));
        Assert.That(list.Length, Is.EqualTo(6));
    }

    [Test]
    public void RanksAndElementsByRankAgreeWithTheOrderOverManyRandomOperations()
    {
        var random = new Random(42);
        var list = new SkipList();
        var model = new List<(double Score, string Member)>();
        for (int step = 0; step < 5000; step++)
        {
            string member = "m" + random.Next(800);
            int at = model.FindIndex(e => e.Member == member);
            if (at >= 0 && random.Next(3) == 0)
            {
                Assert.That(list.Delete(model[at].Score, M(member)), Is.True);
                model.RemoveAt(at);
            }
            else if (at >= 0)
            {
                double score = random.Next(50);
                int rank = (int)list.GetRank(model[at].Score, M(member));
                var node = list.GetByRank(rank)!;
                Assert.That(Encoding.Latin1.GetString(node.Member), Is.EqualTo(member));
                list.UpdateScore(node, score);
                model[at] = (score, member);
            }
            else
            {
                double score = random.Next(50);
                list.Insert(score, M(member));
                model.Add((score, member));
            }
        }
        model.Sort(Order);
        Assert.That(Walk(list), Is.EqualTo(model));
        Assert.That(WalkBackwards(list), Is.EqualTo(model));
        for (int i = 0; i < model.Count; i++)
        {
            Assert.That(list.GetRank(model[i].Score, M(model[i].Member)), Is.EqualTo(i + 1));
            Assert.That(Encoding.Latin1.GetString(list.GetByRank(i + 1)!.Member), Is.EqualTo(model[i].Member));
        }
        Assert.That(list.GetByRank(model.Count + 1), Is.Null);
        Assert.That(list.GetRank(1000, M("absent")), Is.EqualTo(0));
    }

    [Test]
    public void UpdateScoreKeepsTheNodeWhenItStaysBetweenItsNeighbours()
    {
        var list = new SkipList();
        list.Insert(1, M("a"));
        var b = list.Insert(2, M("b"));
        list.Insert(3, M("c"));
        Assert.That(list.UpdateScore(b, 2.5), Is.SameAs(b));
        var moved = list.UpdateScore(b, 10);
        Assert.That(moved, Is.Not.SameAs(b));
        Assert.That(Walk(list), Is.EqualTo(new List<(double, string)> { (1, "a"), (3, "c"), (10, "b") }));
    }

    [Test]
    public void RangeSearchesFindTheFirstAndLastRanksInRange()
    {
        var list = new SkipList();
        for (int i = 1; i <= 10; i++) list.Insert(i, M("m" + i.ToString("D2")));
        Assert.That(list.FirstInRange(new ScoreRange(3, false, 7, true)), Is.EqualTo(3));
        Assert.That(list.LastInRange(new ScoreRange(3, false, 7, true)), Is.EqualTo(6));
        Assert.That(list.FirstInRange(new ScoreRange(3, true, 3, false)), Is.EqualTo(0));
        Assert.That(list.FirstInRange(new ScoreRange(11, false, 20, false)), Is.EqualTo(0));
        Assert.That(list.LastInRange(new ScoreRange(-5, false, 0.5, false)), Is.EqualTo(0));
        var lex = new LexRange(LexBound.Value, M("m04"), true, LexBound.PlusInfinity, [], true);
        Assert.That(list.FirstInRange(lex), Is.EqualTo(5));
        Assert.That(list.LastInRange(lex), Is.EqualTo(10));
    }

    [Test]
    public void DeleteRangeByRankRemovesFromListAndDict()
    {
        var list = new SkipList();
        var dict = new Dict<SkipList.Node>();
        for (int i = 0; i < 100; i++)
        {
            var member = M("m" + i.ToString("D3"));
            dict.TryAdd(member, list.Insert(i, member));
        }
        list.DeleteRangeByRank(11, 90, dict);
        Assert.That(list.Length, Is.EqualTo(20));
        Assert.That(dict.Count, Is.EqualTo(20));
        Assert.That(dict.TryGetValue(M("m010"), out _), Is.False);
        Assert.That(dict.TryGetValue(M("m009"), out _), Is.True);
        Assert.That(list.GetRank(90, M("m090")), Is.EqualTo(11));
        Assert.That(WalkBackwards(list), Is.EqualTo(Walk(list)));
    }
}
