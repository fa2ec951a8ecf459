// Tests for ZsetListpack, the compact sorted set encoding: sorted insertion, lookups, removal,
// and -0 read back as 0 as a listpack integer entry would. cf. t_zset.c's zzl* functions.

using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class ZsetListpackTests
{
    private static byte[] M(string text) => Encoding.Latin1.GetBytes(text);

    private static string Contents(ZsetListpack lp)
    {
        var parts = new List<string>();
        for (int i = 0; i < lp.Count; i++) parts.Add($"{Encoding.Latin1.GetString(lp.MemberAt(i))}={lp.ScoreAt(i)}");
        return string.Join(",", parts);
    }

    [Test]
    public void InsertKeepsScoreThenMemberOrder()
    {
        var lp = new ZsetListpack();
        lp.Insert(M("b"), 2);
        lp.Insert(M("a"), 2);
        lp.Insert(M("z"), 1);
        lp.Insert(M("a\0"), 2);
        lp.Insert(M("top"), double.PositiveInfinity);
        Assert.That(Contents(lp), Is.EqualTo("z=1,a=2,a\0=2,b=2,top=Infinity"));
        Assert.That(lp.IndexOf(M("a\0")), Is.EqualTo(2));
        Assert.That(lp.IndexOf(M("nope")), Is.EqualTo(-1));
    }

    [Test]
    public void RemoveRangeClosesTheGap()
    {
        var lp = new ZsetListpack();
        for (int i = 0; i < 10; i++) lp.Insert(M("m" + i), i);
        lp.RemoveRange(2, 5);
        Assert.That(Contents(lp), Is.EqualTo("m0=0,m1=1,m7=7,m8=8,m9=9"));
        lp.RemoveRange(0, 5);
        Assert.That(lp.Count, Is.EqualTo(0));
    }

    [Test]
    public void NegativeZeroIsStoredAsZero()
    {
        var lp = new ZsetListpack();
        lp.Insert(M("z"), -0.0);
        Assert.That(double.IsNegative(lp.ScoreAt(0)), Is.False);
    }

    [Test]
    public void DuplicateCopiesMembers()
    {
        var lp = new ZsetListpack();
        lp.Insert(M("a"), 1);
        var copy = lp.Duplicate();
        lp.MemberAt(0)[0] = (byte)'x';
        Assert.That(Contents(copy), Is.EqualTo("a=1"));
    }
}
