// The dynamic-programming table of the longest common subsequence of two strings, and
// the walk back through it that yields the subsequence and its matching ranges.
// cf. lcsCommand in t_string.c.

namespace EventLoopRedis.Storage;

/// <summary>One run of consecutive matching bytes: inclusive ranges in the first and second string.</summary>
internal readonly record struct LcsMatch(long AStart, long AEnd, long BStart, long BEnd);

/// <summary>
/// Cell (i, j) holds the length of the LCS of the first i bytes of A and the first j bytes
/// of B. Building it costs O(|A|·|B|) time and 4·(|A|+1)·(|B|+1) bytes, which is why the
/// caller checks the size against proto-max-bulk-len first.
/// </summary>
internal sealed class LcsTable
{
    private readonly uint[] _cells;
    private readonly int _columns;

    private LcsTable(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, uint[] cells)
    {
        _cells = cells;
        _columns = b.Length + 1;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                // A common last byte extends the LCS of both prefixes; otherwise the longer of
                // dropping the last byte of one string or of the other.
                Cell(i, j) = a[i - 1] == b[j - 1] ? Cell(i - 1, j - 1) + 1 : Math.Max(Cell(i - 1, j), Cell(i, j - 1));
            }
        }
        Length = Cell(a.Length, b.Length);
    }

    /// <summary>The length of the longest common subsequence.</summary>
    public uint Length { get; }

    /// <summary>
    /// Builds the table, or returns null when its memory cannot be had (Redis's ztrymalloc
    /// failing): more cells than a .NET array holds, or an allocation that fails.
    /// </summary>
    public static LcsTable? TryCreate(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        long cells = (long)(a.Length + 1) * (b.Length + 1);
        if (cells > Array.MaxLength) return null;
        uint[] memory;
        try
        {
            memory = new uint[cells];
        }
        catch (OutOfMemoryException)
        {
            return null;
        }
        return new LcsTable(a, b, memory);
    }

    /// <summary>
    /// Walks back from the end of both strings to recover the subsequence and the runs of
    /// matches (last run first), keeping runs of at least <paramref name="minMatchLength"/>
    /// bytes (0 keeps all). Ties go the way Redis goes, so the reply is the same.
    /// </summary>
    public (byte[] Subsequence, List<LcsMatch> Matches) Backtrack(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, long minMatchLength)
    {
        var subsequence = new byte[Length];
        var matches = new List<LcsMatch>();
        int index = (int)Length;
        int i = a.Length, j = b.Length;
        // The run being tracked, extended backwards while matches stay contiguous; a start
        // equal to a.Length means "no run yet".
        int aStart = a.Length, aEnd = 0, bStart = 0, bEnd = 0;
        while (i > 0 && j > 0)
        {
            bool emit = false;
            if (a[i - 1] == b[j - 1])
            {
                subsequence[--index] = a[i - 1];
                if (aStart == a.Length)
                {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                }
                else if (aStart == i && bStart == j)
                {
                    aStart--;
                    bStart--;
                }
                else
                {
                    emit = true;
                }
                // A run that reached the first byte of either string cannot grow further.
                if (aStart == 0 || bStart == 0) emit = true;
                i--;
                j--;
            }
            else
            {
                if (Cell(i - 1, j) > Cell(i, j - 1)) i--;
                else j--;
                if (aStart != a.Length) emit = true;
            }

            if (emit)
            {
                long matchLength = aEnd - aStart + 1;
                if (minMatchLength == 0 || matchLength >= minMatchLength) matches.Add(new LcsMatch(aStart, aEnd, bStart, bEnd));
                aStart = a.Length;
            }
        }
        return (subsequence, matches);
    }

    private ref uint Cell(int i, int j) => ref _cells[(long)i * _columns + j];
}
