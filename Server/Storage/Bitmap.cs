// Bit-level operations on strings seen as bitmaps: counting, searching, bit operations
// and the integer fields of BITFIELD. cf. the helpers at the top of bitops.c (redisPopcount,
// redisBitpos, get/setUnsignedBitfield, check*BitfieldOverflow).

using System.Numerics;
using System.Runtime.InteropServices;

namespace EventLoopRedis.Storage;

/// <summary>BITOP's operations.</summary>
internal enum BitOperation
{
    And,
    Or,
    Xor,
    Not,
}

/// <summary>What BITFIELD does when SET or INCRBY goes past the field's range (OVERFLOW WRAP|SAT|FAIL).</summary>
internal enum BitfieldOverflow
{
    Wrap,
    Sat,
    Fail,
}

/// <summary>
/// Bit 0 of a bitmap is the most significant bit of its first byte, as in SETBIT: bitmaps
/// are big-endian at the bit level, so bit n is <c>(bytes[n / 8] &gt;&gt; (7 - n % 8)) &amp; 1</c>.
/// </summary>
internal static class Bitmap
{
    /// <summary>The number of bits set to 1, cf. redisPopcount (eight bytes at a time here).</summary>
    public static long PopCount(ReadOnlySpan<byte> bytes)
    {
        long count = 0;
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (ulong word in words) count += BitOperations.PopCount(word);
        foreach (byte b in bytes[(words.Length * sizeof(ulong))..]) count += BitOperations.PopCount(b);
        return count;
    }

    /// <summary>
    /// The position of the first bit equal to <paramref name="bit"/>, cf. redisBitpos. When
    /// none is found: -1 when looking for a 1, and the bit just past the end when looking
    /// for a 0 (the string is taken as padded with zeros on the right).
    /// </summary>
    public static long FirstBit(ReadOnlySpan<byte> bytes, int bit)
    {
        byte skip = bit == 1 ? (byte)0x00 : (byte)0xFF;
        int index = bytes.IndexOfAnyExcept(skip);
        if (index < 0) return bit == 1 ? -1 : (long)bytes.Length * 8;
        uint value = bit == 1 ? bytes[index] : (byte)~bytes[index];
        return (long)index * 8 + BitOperations.LeadingZeroCount(value) - 24;
    }

    /// <summary>The bit at <paramref name="offset"/>, 0 beyond the end.</summary>
    public static int GetBit(ReadOnlySpan<byte> bytes, long offset)
    {
        long index = offset >> 3;
        return index < bytes.Length ? (bytes[(int)index] >> (7 - (int)(offset & 7))) & 1 : 0;
    }

    /// <summary>Sets the bit at <paramref name="offset"/> (which must be inside) and returns its old value.</summary>
    public static int SetBit(Span<byte> bytes, long offset, int value)
    {
        int index = (int)(offset >> 3);
        int shift = 7 - (int)(offset & 7);
        int old = (bytes[index] >> shift) & 1;
        bytes[index] = (byte)((bytes[index] & ~(1 << shift)) | (value << shift));
        return old;
    }

    /// <summary>
    /// Combines the sources byte by byte into a new array as long as the longest; shorter
    /// sources count as padded with zero bytes. NOT takes exactly one source.
    /// </summary>
    public static byte[] Combine(BitOperation operation, ReadOnlySpan<ReadOnlyMemory<byte>> sources)
    {
        int length = 0;
        foreach (var source in sources) length = Math.Max(length, source.Length);
        var result = new byte[length];
        sources[0].Span.CopyTo(result);
        if (operation == BitOperation.Not)
        {
            Apply(result, result, static (x, _) => ~x);
            return result;
        }
        foreach (var source in sources[1..])
        {
            switch (operation)
            {
                case BitOperation.And:
                    Apply(result, source.Span, static (x, y) => x & y);
                    result.AsSpan(source.Length).Clear();
                    break;
                case BitOperation.Or:
                    Apply(result, source.Span, static (x, y) => x | y);
                    break;
                case BitOperation.Xor:
                    Apply(result, source.Span, static (x, y) => x ^ y);
                    break;
            }
        }
        return result;
    }

    /// <summary>target[i] = op(target[i], source[i]) over the source's length, a word at a time.</summary>
    private static void Apply(Span<byte> target, ReadOnlySpan<byte> source, Func<ulong, ulong, ulong> op)
    {
        var targetWords = MemoryMarshal.Cast<byte, ulong>(target[..source.Length]);
        var sourceWords = MemoryMarshal.Cast<byte, ulong>(source);
        for (int i = 0; i < sourceWords.Length; i++) targetWords[i] = op(targetWords[i], sourceWords[i]);
        for (int i = sourceWords.Length * sizeof(ulong); i < source.Length; i++)
            target[i] = (byte)op(target[i], source[i]);
    }

    // ---- BITFIELD's integers -------------------------------------------------------

    /// <summary>The <paramref name="bits"/>-bit unsigned integer at bit <paramref name="offset"/>, most significant bit first.</summary>
    public static ulong GetUnsigned(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        ulong value = 0;
        for (int j = 0; j < bits; j++, offset++)
            value = (value << 1) | (uint)((bytes[(int)(offset >> 3)] >> (7 - (int)(offset & 7))) & 1);
        return value;
    }

    /// <summary>The signed (two's complement) integer at bit <paramref name="offset"/>: the top bit is the sign.</summary>
    public static long GetSigned(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        ulong value = GetUnsigned(bytes, offset, bits);
        if (bits < 64 && (value & (1UL << (bits - 1))) != 0) value |= ulong.MaxValue << bits;
        return (long)value;
    }

    /// <summary>Writes the low <paramref name="bits"/> bits of <paramref name="value"/> at bit <paramref name="offset"/>.</summary>
    public static void SetUnsigned(Span<byte> bytes, long offset, int bits, ulong value)
    {
        for (int j = 0; j < bits; j++, offset++)
        {
            int bit = (int)((value >> (bits - 1 - j)) & 1);
            int index = (int)(offset >> 3);
            int shift = 7 - (int)(offset & 7);
            bytes[index] = (byte)((bytes[index] & ~(1 << shift)) | (bit << shift));
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> + <paramref name="increment"/> leaves the range of a
    /// <paramref name="bits"/>-bit unsigned field: 0 when it fits, 1 above, -1 below. When it
    /// does not fit, <paramref name="limit"/> is the value to store instead: wrapped modulo
    /// 2^bits, or saturated at the edge (FAIL leaves it unused).
    /// </summary>
    public static int CheckUnsignedOverflow(ulong value, long increment, int bits, BitfieldOverflow overflow, out ulong limit)
    {
        ulong max = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        long maxIncrement = (long)(max - value);
        long minIncrement = -(long)value;
        limit = 0;
        int result;
        if (value > max || (increment > 0 && increment > maxIncrement))
        {
            result = 1;
            limit = max;
        }
        else if (increment < 0 && increment < minIncrement)
        {
            result = -1;
            limit = 0;
        }
        else
        {
            return 0;
        }
        if (overflow == BitfieldOverflow.Wrap) limit = (value + (ulong)increment) & max;
        return result;
    }

    /// <summary>Like <see cref="CheckUnsignedOverflow"/> for a signed field; wrapping keeps the sign bit's meaning.</summary>
    public static int CheckSignedOverflow(long value, long increment, int bits, BitfieldOverflow overflow, out long limit)
    {
        long max = bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        // These two may overflow, but they are only used once value is known to be in range.
        long maxIncrement = unchecked((long)((ulong)max - (ulong)value));
        long minIncrement = unchecked(min - value);
        limit = 0;
        int result;
        if (value > max || (bits != 64 && increment > maxIncrement) || (value >= 0 && increment > 0 && increment > maxIncrement))
        {
            result = 1;
            limit = max;
        }
        else if (value < min || (bits != 64 && increment < minIncrement) || (value < 0 && increment < 0 && increment < minIncrement))
        {
            result = -1;
            limit = min;
        }
        else
        {
            return 0;
        }
        if (overflow == BitfieldOverflow.Wrap)
        {
            ulong sum = unchecked((ulong)value + (ulong)increment);
            if (bits < 64)
            {
                ulong mask = ulong.MaxValue << bits;
                sum = (sum & (1UL << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
            }
            limit = (long)sum;
        }
        return result;
    }
}
