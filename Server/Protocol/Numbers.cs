// Number parsing and formatting with Redis's exact rules, on bytes.
// cf. string2ll, ll2string and the %.17g formatting in util.c.

using System.Buffers.Text;

namespace EventLoopRedis.Protocol;

internal static class Numbers
{
    /// <summary>Redis's string2ll: an optional '-', digits, no spaces, no '+', no leading zeros.</summary>
    public static bool TryParseLong(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 20) return false;
        if (text.Length == 1 && text[0] == (byte)'0') return true;
        int digitsAt = text[0] == (byte)'-' ? 1 : 0;
        if (digitsAt == text.Length || text[digitsAt] < (byte)'1' || text[digitsAt] > (byte)'9') return false;
        return Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;
    }

    /// <summary>
    /// <paramref name="current"/> + <paramref name="increment"/> as INCRBY and HINCRBY compute it:
    /// false when the sum would leave the 64-bit range (they then reply "increment or decrement would overflow").
    /// </summary>
    public static bool TryAdd(long current, long increment, out long sum)
    {
        sum = unchecked(current + increment);
        return !((increment < 0 && current < 0 && increment < long.MinValue - current)
            || (increment > 0 && current > 0 && increment > long.MaxValue - current));
    }

    /// <summary>Writes <paramref name="value"/> in decimal; returns the bytes written (at most 20).</summary>
    public static int FormatLong(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    /// <summary>How many bytes <see cref="FormatLong"/> writes for <paramref name="value"/>, cf. sdigits10.</summary>
    public static int FormattedLength(long value)
    {
        int sign = value < 0 ? 1 : 0;
        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        int digits = 1;
        while (magnitude >= 10)
        {
            magnitude /= 10;
            digits++;
        }
        return sign + digits;
    }
}
