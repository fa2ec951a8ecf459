// Doubles as Redis reads and writes them: strtod's syntax, string2d's checks, and printf's "%.17g".
// cf. string2d, d2string and double2ll in util.c, and addReplyDouble in networking.c (7.0).
// Neutral ground: Storage (scores) and Protocol (double replies) both use it.

using System.Globalization;

namespace EventLoopRedis.Util;

internal static class Doubles
{
    /// <summary>Room for any "%.17g" text: sign, 17 digits, '.', "e-308".</summary>
    public const int MaxFormattedLength = 32;

    /// <summary>
    /// string2d: the whole text must be a number strtod reads (decimal, hexadecimal "0x1p3",
    /// "inf"/"infinity" in any case, with an optional sign), with no leading space; NaN, and a
    /// result that overflowed to infinity or underflowed to zero, are refused.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || IsSpace(text[0])) return false;
        int used = Strtod(text, out value, out bool outOfRange);
        if (used != text.Length || double.IsNaN(value)) return false;
        return !outOfRange || (!double.IsInfinity(value) && value != 0);
    }

    /// <summary>
    /// C's strtod on the text up to its first NUL byte: skips leading white space, reads the
    /// longest number it can, and returns how many bytes that took (0 when there is no number:
    /// the value is then 0). <paramref name="outOfRange"/> is strtod's ERANGE: the exact value
    /// overflowed to ±infinity or underflowed (to zero or a subnormal).
    /// </summary>
    public static int Strtod(ReadOnlySpan<byte> text, out double value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        int i = 0;
        while (i < text.Length && IsSpace(text[i])) i++;
        bool negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        var rest = text[i..];
        if (StartsWithNoCase(rest, "inf"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return i + (StartsWithNoCase(rest, "infinity"u8) ? 8 : 3);
        }
        if (StartsWithNoCase(rest, "nan"u8))
        {
            value = double.NaN;
            int end = 3;
            if (end < rest.Length && rest[end] == (byte)'(')
            {
                int close = end + 1;
                while (close < rest.Length && (char.IsAsciiLetterOrDigit((char)rest[close]) || rest[close] == (byte)'_')) close++;
                if (close < rest.Length && rest[close] == (byte)')') end = close + 1;
            }
            return i + end;
        }
        if (rest.Length > 2 && rest[0] == (byte)'0' && (rest[1] | 0x20) == (byte)'x')
        {
            int hexUsed = ParseHex(rest[2..], out value, out outOfRange);
            if (hexUsed > 0)
            {
                if (negative) value = -value;
                return i + 2 + hexUsed;
            }
            // "0x" without hex digits: strtod reads the "0" alone.
            value = negative ? -0.0 : 0.0;
            return i + 1;
        }

        int digitsStart = i;
        int mantissaDigits = 0;
        bool nonZeroDigit = false;
        while (i < text.Length && char.IsAsciiDigit((char)text[i])) { nonZeroDigit |= text[i] != '0'; i++; mantissaDigits++; }
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit((char)text[i])) { nonZeroDigit |= text[i] != '0'; i++; mantissaDigits++; }
        }
        if (mantissaDigits == 0) return 0;
        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            int e = i + 1;
            if (e < text.Length && text[e] is (byte)'+' or (byte)'-') e++;
            int expDigits = e;
            while (e < text.Length && char.IsAsciiDigit((char)text[e])) e++;
            if (e > expDigits) i = e;
        }
        // .NET's parser rounds correctly (to nearest, ties to even), as glibc's strtod does.
        value = double.Parse(text[digitsStart..i], NumberStyles.Float, CultureInfo.InvariantCulture);
        if (negative) value = -value;
        outOfRange = double.IsInfinity(value) || (nonZeroDigit && (value == 0 || double.IsSubnormal(value)));
        return i;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as printf("%.17g") does (glibc), with "inf" and "-inf" as
    /// addReplyDouble spells them; returns the bytes written (at most <see cref="MaxFormattedLength"/>).
    /// Allocates nothing.
    /// </summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (double.IsInfinity(value)) return Copy(value > 0 ? "inf"u8 : "-inf"u8, destination);
        if (double.IsNaN(value)) return Copy("nan"u8, destination);
        if (value == 0) return Copy(double.IsNegative(value) ? "-0"u8 : "0"u8, destination);

        // "-d.ddddddddddddddddE+ddd": 17 significant digits, correctly rounded.
        Span<byte> e = stackalloc byte[32];
        value.TryFormat(e, out int length, "E16", CultureInfo.InvariantCulture);
        int pos = 0;
        bool negative = e[0] == (byte)'-';
        int d = negative ? 1 : 0;
        Span<byte> digits = stackalloc byte[17];
        digits[0] = e[d];
        e.Slice(d + 2, 16).CopyTo(digits[1..]);
        int mark = d + 18; // 'E'
        int exponent = int.Parse(e[(mark + 1)..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int significant = 17;
        while (significant > 1 && digits[significant - 1] == (byte)'0') significant--;

        if (negative) destination[pos++] = (byte)'-';
        if (exponent < -4 || exponent >= 17)
        {
            destination[pos++] = digits[0];
            if (significant > 1)
            {
                destination[pos++] = (byte)'.';
                digits[1..significant].CopyTo(destination[pos..]);
                pos += significant - 1;
            }
            destination[pos++] = (byte)'e';
            destination[pos++] = exponent < 0 ? (byte)'-' : (byte)'+';
            int magnitude = Math.Abs(exponent);
            if (magnitude >= 100) destination[pos++] = (byte)('0' + magnitude / 100);
            destination[pos++] = (byte)('0' + magnitude / 10 % 10);
            destination[pos++] = (byte)('0' + magnitude % 10);
        }
        else if (exponent >= 0)
        {
            digits[..(exponent + 1)].CopyTo(destination[pos..]);
            pos += exponent + 1;
            if (significant > exponent + 1)
            {
                destination[pos++] = (byte)'.';
                digits[(exponent + 1)..significant].CopyTo(destination[pos..]);
                pos += significant - exponent - 1;
            }
        }
        else
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (int z = 0; z < -exponent - 1; z++) destination[pos++] = (byte)'0';
            digits[..significant].CopyTo(destination[pos..]);
            pos += significant;
        }
        return pos;
    }

    /// <summary>Room for any "%.4f" or "%.17f" text of a coordinate or a distance (up to 1e300 metres, say).</summary>
    public const int MaxFixedLength = 340;

    private static readonly string[] FixedFormats = ["F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", "F13", "F14", "F15", "F16", "F17", "F18"];

    /// <summary>
    /// Writes <paramref name="value"/> as glibc's printf("%.*f") does: the exact binary value
    /// rounded to <paramref name="decimals"/> (at most 17) places, ties to even; "inf", "-inf" and
    /// "nan" as printf spells them. .NET rounds ties away from zero, so an exact tie (a value with
    /// exactly one more binary-and-decimal place) is settled here. Allocates nothing.
    /// </summary>
    public static int FormatFixed(double value, int decimals, Span<byte> destination)
    {
        if (double.IsInfinity(value)) return Copy(value > 0 ? "inf"u8 : "-inf"u8, destination);
        if (double.IsNaN(value)) return Copy("nan"u8, destination);
        // A tie at `decimals` places is value = odd / 2^(decimals + 1): then the text one place
        // longer is exact, and its next-to-last digit says which way the tie goes.
        double scaled = Math.ScaleB(value, decimals + 1);
        if (Math.Abs(scaled) < 9007199254740992.0 && scaled == Math.Floor(scaled) && ((long)scaled & 1) != 0)
        {
            value.TryFormat(destination, out int exactLength, FixedFormats[decimals + 1], CultureInfo.InvariantCulture);
            // The last kept digit: before the '.' when no decimals are kept ("2.5" becomes "2").
            int lastKept = decimals == 0 ? exactLength - 3 : exactLength - 2;
            if ((destination[lastKept] - '0') % 2 == 0) return decimals == 0 ? exactLength - 2 : exactLength - 1;
        }
        value.TryFormat(destination, out int written, FixedFormats[decimals], CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>
    /// ld2string's LD_STR_HUMAN of a double: "%.17Lf" (the long double holds the double exactly,
    /// so this is "%.17f"), trailing zeros and a trailing '.' removed, "-0" written "0". This is how
    /// addReplyHumanLongDouble writes GEOPOS coordinates.
    /// </summary>
    public static int FormatHuman(double value, Span<byte> destination)
    {
        int length = FormatFixed(value, 17, destination);
        if (double.IsFinite(value))
        {
            while (destination[length - 1] == (byte)'0') length--;
            if (destination[length - 1] == (byte)'.') length--;
        }
        if (length == 2 && destination[0] == (byte)'-' && destination[1] == (byte)'0') return Copy("0"u8, destination);
        return length;
    }

    /// <summary>
    /// double2ll: the value as a 64-bit integer when it is integral and within ±(2^63-1)/2, as a
    /// listpack stores such a score (an integer entry, which also turns -0 into 0).
    /// </summary>
    public static bool TryGetLong(double value, out long integer)
    {
        integer = 0;
        if (double.IsNaN(value) || value < (double)(-long.MaxValue / 2) || value > (double)(long.MaxValue / 2)) return false;
        integer = (long)value;
        return integer == value;
    }

    /// <summary>
    /// How a listpack-encoded score reads back as text (what ZSCAN replies for it): an integer
    /// when <see cref="TryGetLong"/> holds, else "%.17g" (d2string).
    /// </summary>
    public static int FormatAsListpackScore(double value, Span<byte> destination) =>
        TryGetLong(value, out long integer)
            ? Protocol.Numbers.FormatLong(integer, destination)
            : Format(value, destination);

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool StartsWithNoCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    /// <summary>Hex digits with an optional '.', then an optional binary exponent "p[+-]ddd"; 0 when there is no digit.</summary>
    private static int ParseHex(ReadOnlySpan<byte> text, out double value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        ulong mantissa = 0;
        bool sticky = false;
        long exponent = 0;
        int i = 0, digits = 0;
        bool seenPoint = false;
        for (; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == (byte)'.' && !seenPoint) { seenPoint = true; continue; }
            if (!char.IsAsciiHexDigit((char)c)) break;
            digits++;
            int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            // Keep 60 significant bits; beyond that only whether anything was non-zero matters.
            if (mantissa >> 56 == 0) { mantissa = mantissa << 4 | (uint)digit; if (seenPoint) exponent -= 4; }
            else { sticky |= digit != 0; if (!seenPoint) exponent += 4; }
        }
        if (digits == 0) return 0;
        if (i < text.Length && (text[i] | 0x20) == (byte)'p')
        {
            int e = i + 1;
            bool negative = e < text.Length && text[e] == (byte)'-';
            if (e < text.Length && text[e] is (byte)'+' or (byte)'-') e++;
            int expStart = e;
            long power = 0;
            while (e < text.Length && char.IsAsciiDigit((char)text[e])) { power = Math.Min(power * 10 + (text[e] - '0'), 100_000); e++; }
            if (e > expStart) { exponent += negative ? -power : power; i = e; }
        }
        if (mantissa == 0) return i;
        if (sticky) mantissa |= 1; // rounds the right way when the 60 bits are cut to 53
        value = Math.ScaleB((double)mantissa, (int)Math.Clamp(exponent, -10_000, 10_000));
        outOfRange = double.IsInfinity(value) || value == 0 || double.IsSubnormal(value);
        return i;
    }
}
