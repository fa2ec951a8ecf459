// The compact encoding of a small sorted set: members and scores side by side, sorted by score
// then member. cf. the zzl* functions over a listpack in t_zset.c (zzlInsertAt, zzlFind, zzlDelete).

namespace EventLoopRedis.Storage;

/// <summary>
/// A small sorted set as two parallel arrays in order (score, then member bytes), the
/// counterpart of Redis's listpack of alternating member and score entries. Like a listpack it
/// has no index: finding a member is a linear scan, inserting or deleting shifts the entries
/// after it, which is cheap because the set stays under zset-max-listpack-entries (128 by
/// default). In exchange it holds no per-entry objects besides the member bytes. Scores are kept
/// as a listpack would read them back: an integral score is an integer entry there, so -0 is 0.
/// </summary>
internal sealed class ZsetListpack
{
    private byte[][] _members;
    private double[] _scores;
    private int _count;

    public ZsetListpack(int capacity = 4)
    {
        _members = new byte[capacity][];
        _scores = new double[capacity];
    }

    public int Count => _count;

    public byte[] MemberAt(int index) => _members[index];

    public double ScoreAt(int index) => _scores[index];

    /// <summary>The position of <paramref name="member"/>, or -1 (cf. zzlFind: a linear scan).</summary>
    public int IndexOf(ReadOnlySpan<byte> member)
    {
        for (int i = 0; i < _count; i++)
        {
            if (member.SequenceEqual(_members[i])) return i;
        }
        return -1;
    }

    /// <summary>Inserts a member that is not present at its place in the order (cf. zzlInsert); returns its position.</summary>
    public int Insert(byte[] member, double score)
    {
        if (score == 0) score = 0; // an integer entry in a listpack: -0 reads back as 0
        int at = 0;
        while (at < _count && Compare(_scores[at], _members[at], score, member) < 0) at++;
        InsertAt(at, member, score);
        return at;
    }

    /// <summary>Appends a member known to sort after every present one (cf. zzlInsertAt at the tail), as conversions do.</summary>
    public void Append(byte[] member, double score) => InsertAt(_count, member, score == 0 ? 0 : score);

    /// <summary>Removes the entries at positions <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> - 1.</summary>
    public void RemoveRange(int start, int length)
    {
        Array.Copy(_members, start + length, _members, start, _count - start - length);
        Array.Copy(_scores, start + length, _scores, start, _count - start - length);
        _count -= length;
        Array.Clear(_members, _count, length);
    }

    public ZsetListpack Duplicate()
    {
        var copy = new ZsetListpack(Math.Max(_count, 1));
        for (int i = 0; i < _count; i++) copy.InsertAt(i, _members[i].ToArray(), _scores[i]);
        return copy;
    }

    /// <summary>The order of a sorted set: by score, then by member bytes as memcmp with the shorter first (sdscmp).</summary>
    public static int Compare(double scoreA, ReadOnlySpan<byte> memberA, double scoreB, ReadOnlySpan<byte> memberB)
    {
        if (scoreA < scoreB) return -1;
        if (scoreA > scoreB) return 1;
        return memberA.SequenceCompareTo(memberB);
    }

    private void InsertAt(int at, byte[] member, double score)
    {
        if (_count == _members.Length)
        {
            int capacity = Math.Max(4, _count * 2);
            Array.Resize(ref _members, capacity);
            Array.Resize(ref _scores, capacity);
        }
        Array.Copy(_members, at, _members, at + 1, _count - at);
        Array.Copy(_scores, at, _scores, at + 1, _count - at);
        _members[at] = member;
        _scores[at] = score;
        _count++;
    }
}
