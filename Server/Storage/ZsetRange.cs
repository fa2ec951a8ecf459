// The score and lexicographic intervals sorted set commands select with.
// cf. zrangespec and zlexrangespec (server.h), zslValueGteMin/zslValueLteMax and
// zslLexValueGteMin/zslLexValueLteMax/sdscmplex in t_zset.c.

namespace EventLoopRedis.Storage;

/// <summary>
/// An interval of a sorted set's order, by score or by member: what the range searches of
/// <see cref="SkipList"/> and <see cref="SortedSet"/> take (as a generic struct, so no call is virtual).
/// </summary>
internal interface IZsetRange
{
    /// <summary>True for an interval nothing can be in (cf. the first test of zslIsInRange and zslIsInLexRange).</summary>
    bool IsEmpty { get; }

    /// <summary>Whether an entry is at or above the low end.</summary>
    bool GteMin(double score, ReadOnlySpan<byte> member);

    /// <summary>Whether an entry is at or below the high end.</summary>
    bool LteMax(double score, ReadOnlySpan<byte> member);
}

/// <summary>[min, max] of scores, either end possibly exclusive ("(1.5").</summary>
internal readonly record struct ScoreRange(double Min, bool MinExclusive, double Max, bool MaxExclusive) : IZsetRange
{
    public bool GteMin(double score, ReadOnlySpan<byte> member) => GteMin(score);

    public bool LteMax(double score, ReadOnlySpan<byte> member) => LteMax(score);

    public bool GteMin(double score) => MinExclusive ? score > Min : score >= Min;

    public bool LteMax(double score) => MaxExclusive ? score < Max : score <= Max;

    /// <summary>True for an interval no score can be in (min above max, or a single point excluded).</summary>
    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));
}

/// <summary>One end of a lexicographic interval: "-" (below everything), "+" (above everything) or a member.</summary>
internal enum LexBound
{
    MinusInfinity,
    Value,
    PlusInfinity,
}

/// <summary>[min, max] of members by their bytes; "-" and "+" are the open ends, always exclusive.</summary>
internal readonly record struct LexRange(
    LexBound MinKind, byte[] Min, bool MinExclusive, LexBound MaxKind, byte[] Max, bool MaxExclusive) : IZsetRange
{
    public bool GteMin(double score, ReadOnlySpan<byte> member) => GteMin(member);

    public bool LteMax(double score, ReadOnlySpan<byte> member) => LteMax(member);

    public bool GteMin(ReadOnlySpan<byte> member)
    {
        int cmp = CompareTo(member, MinKind, Min);
        return MinExclusive ? cmp > 0 : cmp >= 0;
    }

    public bool LteMax(ReadOnlySpan<byte> member)
    {
        int cmp = CompareTo(member, MaxKind, Max);
        return MaxExclusive ? cmp < 0 : cmp <= 0;
    }

    /// <summary>True for an interval no member can be in, as zslIsInLexRange tests first.</summary>
    public bool IsEmpty
    {
        get
        {
            int cmp = MinKind != MaxKind ? MinKind.CompareTo(MaxKind)
                : MinKind == LexBound.Value ? Min.AsSpan().SequenceCompareTo(Max) : 0;
            return cmp > 0 || (cmp == 0 && (MinExclusive || MaxExclusive));
        }
    }

    private static int CompareTo(ReadOnlySpan<byte> member, LexBound kind, byte[] bound) => kind switch
    {
        LexBound.MinusInfinity => 1,
        LexBound.PlusInfinity => -1,
        _ => member.SequenceCompareTo(bound),
    };
}
