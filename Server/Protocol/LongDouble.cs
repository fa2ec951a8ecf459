// The C "long double" of redis-server on x86-64 (x87 80-bit extended precision), emulated
// exactly, because INCRBYFLOAT's results must match Redis digit for digit.
// cf. string2ld and ld2string (LD_STR_HUMAN) in util.c, and incrbyfloatCommand in t_string.c.

using System.Numerics;
using System.Text;

namespace EventLoopRedis.Protocol;

/// <summary>
/// An 80-bit extended-precision number: sign, a 64-bit significand and an exponent, so
/// the value is <c>±Significand × 2^Exponent</c>. .NET has no such type and a double has
/// 11 fewer significand bits, which would change the last digits Redis prints. Conversions
/// and addition are done exactly with <see cref="BigInteger"/> and then rounded once, to
/// nearest with ties to even, as the x87 unit, glibc's strtold and printf do.
/// Not on any hot path: INCRBYFLOAT pays a few big-integer operations per call.
/// </summary>
internal readonly struct LongDouble
{
    /// <summary>The exponent of the smallest subnormal, 2^-16445; normal numbers start at 2^-16382.</summary>
    private const int MinExponent = -16382 - 63;

    /// <summary>The exponent of the largest finite value, (2^64 - 1) × 2^16320, just under 2^16384.</summary>
    private const int MaxExponent = 16383 - 63;

    /// <summary>Longest text string2ld accepts (MAX_LONG_DOUBLE_CHARS - 1).</summary>
    private const int MaxTextLength = 5 * 1024 - 1;

    /// <summary>%.17Lf: digits after the decimal point.</summary>
    private const int FractionDigits = 17;

    private static readonly BigInteger FractionScale = BigInteger.Pow(10, FractionDigits);

    private readonly ulong _significand;
    private readonly int _exponent;
    private readonly bool _negative;
    private readonly bool _infinite;

    private LongDouble(bool negative, ulong significand, int exponent, bool infinite = false)
    {
        _negative = negative;
        _significand = significand;
        _exponent = exponent;
        _infinite = infinite;
    }

    /// <summary>True for ±infinity (INCRBYFLOAT refuses to store it; NaN never gets this far).</summary>
    public bool IsInfinity => _infinite;

    private bool IsZero => !_infinite && _significand == 0;

    /// <summary>A 64-bit integer, exactly (the significand holds any long), as for an int-encoded string.</summary>
    public static LongDouble FromLong(long value) =>
        Round(value < 0, value < 0 ? -(BigInteger)value : value, BigInteger.One, 0);

    /// <summary>
    /// Parses text the way string2ld does: strtold must consume every byte, no leading
    /// space, decimal or hexadecimal notation, "inf"/"infinity" allowed; NaN, overflow,
    /// and underflow to zero are refused. Returns false where Redis says
    /// "value is not a valid float".
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out LongDouble value)
    {
        value = default;
        if (text.Length == 0 || text.Length > MaxTextLength) return false;

        bool negative = text[0] == (byte)'-';
        var rest = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (Ascii.EqualsIgnoreCase(rest, "inf"u8) || Ascii.EqualsIgnoreCase(rest, "infinity"u8))
        {
            value = new LongDouble(negative, 0, 0, infinite: true);
            return true;
        }

        bool hex = rest.Length > 2 && rest[0] == (byte)'0' && (rest[1] | 0x20) == (byte)'x';
        if (!TryParseDigits(hex ? rest[2..] : rest, hex, out var mantissa, out long exponent)) return false;
        if (mantissa.IsZero)
        {
            value = new LongDouble(negative, 0, 0);
            return true;
        }

        value = hex ? FromBinary(negative, mantissa, exponent) : FromDecimal(negative, mantissa, exponent);
        // strtold reports ERANGE for a result that overflowed to infinity or underflowed to
        // zero, and string2ld treats both as not a number.
        return !value.IsInfinity && !value.IsZero;
    }

    /// <summary>The sum, rounded once like the x87 addition in <c>value += incr</c>; ±infinity when it overflows.</summary>
    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a._infinite || b._infinite)
        {
            // inf + -inf is NaN; callers only ask whether the result is finite, so either way it is not.
            return new LongDouble(a._infinite ? a._negative : b._negative, 0, 0, infinite: true);
        }
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        int exponent = Math.Min(a._exponent, b._exponent);
        var sum = a.Signed() << (a._exponent - exponent);
        sum += b.Signed() << (b._exponent - exponent);
        return Round(sum.Sign < 0, BigInteger.Abs(sum), BigInteger.One, exponent);
    }

    /// <summary>
    /// The text Redis stores and replies with: printf("%.17Lf") (the exact decimal expansion
    /// rounded to 17 decimals), then trailing zeros and a trailing '.' removed, and "-0"
    /// written as "0". cf. ld2string with LD_STR_HUMAN. The value must be finite.
    /// </summary>
    public byte[] ToHumanString()
    {
        BigInteger scaled;
        if (_exponent >= 0)
        {
            scaled = ((BigInteger)_significand << _exponent) * FractionScale;
        }
        else
        {
            var exact = _significand * FractionScale;
            int shift = -_exponent;
            scaled = exact >> shift;
            var remainder = exact - (scaled << shift);
            var half = BigInteger.One << (shift - 1);
            if (remainder > half || (remainder == half && !scaled.IsEven)) scaled += 1;
        }

        string digits = scaled.ToString().PadLeft(FractionDigits + 1, '0');
        string integerPart = digits[..^FractionDigits];
        string fraction = digits[^FractionDigits..].TrimEnd('0');
        string text = (_negative ? "-" : "") + integerPart + (fraction.Length > 0 ? "." + fraction : "");
        return System.Text.Encoding.ASCII.GetBytes(text == "-0" ? "0" : text);
    }

    private BigInteger Signed() => _negative ? -(BigInteger)_significand : _significand;

    /// <summary>
    /// <c>(long long)ceill(value * 1000.0L)</c> as glibc on x86 computes it, for timeouts given in
    /// seconds: the product rounded once to extended precision, then its ceiling; infinity, or a
    /// result outside a long, converts to long.MinValue (the x87's "integer indefinite"), which
    /// Redis then calls negative. cf. getTimeoutFromObjectOrReply.
    /// </summary>
    public long ThousandsCeiling()
    {
        if (_infinite) return long.MinValue;
        if (IsZero) return 0;
        var product = Round(_negative, new BigInteger(_significand) * 1000, BigInteger.One, _exponent);
        var magnitude = new BigInteger(product._significand);
        if (product._exponent >= 0)
        {
            if (product._exponent > 64) return long.MinValue;
            magnitude <<= product._exponent;
        }
        else
        {
            int shift = -product._exponent;
            var whole = shift >= 128 ? BigInteger.Zero : magnitude >> shift;
            bool fraction = whole << shift != magnitude;
            // The ceiling rounds a positive fraction up and a negative one towards zero.
            magnitude = whole + (fraction && !_negative ? 1 : 0);
        }
        var result = _negative ? -magnitude : magnitude;
        return result < long.MinValue || result > long.MaxValue ? long.MinValue : (long)result;
    }

    /// <summary>mantissa × 10^exponent, correctly rounded.</summary>
    private static LongDouble FromDecimal(bool negative, BigInteger mantissa, long exponent)
    {
        // Outside about ±4950 decimal orders of magnitude the result is surely infinite or
        // zero; checking first keeps 10^exponent from getting absurdly large.
        long magnitude = mantissa.ToString().Length + exponent;
        if (magnitude > 4935) return new LongDouble(negative, 0, 0, infinite: true);
        if (magnitude < -4952) return new LongDouble(negative, 0, 0);
        return exponent >= 0
            ? Round(negative, mantissa * BigInteger.Pow(10, (int)exponent), BigInteger.One, 0)
            : Round(negative, mantissa, BigInteger.Pow(10, (int)-exponent), 0);
    }

    /// <summary>mantissa × 2^exponent, correctly rounded.</summary>
    private static LongDouble FromBinary(bool negative, BigInteger mantissa, long exponent)
    {
        long magnitude = (long)mantissa.GetBitLength() + exponent;
        if (magnitude > 16384 + 1) return new LongDouble(negative, 0, 0, infinite: true);
        if (magnitude < MinExponent - 2) return new LongDouble(negative, 0, 0);
        return Round(negative, mantissa, BigInteger.One, (int)exponent);
    }

    /// <summary>
    /// Rounds numerator / denominator × 2^exponent (both positive) to the nearest extended
    /// value, ties to even, with gradual underflow to subnormals and overflow to infinity.
    /// </summary>
    private static LongDouble Round(bool negative, BigInteger numerator, BigInteger denominator, int exponent)
    {
        if (numerator.IsZero) return new LongDouble(negative, 0, 0);
        var twoTo64 = BigInteger.One << 64;

        // Pick the exponent e that puts the quotient in [2^63, 2^64): the bit lengths give it
        // to within one, and the loop corrects that. Below the normal range, e stays at the
        // subnormal exponent and the quotient is simply smaller.
        long e = (long)numerator.GetBitLength() - (long)denominator.GetBitLength() + exponent - 64;
        while (true)
        {
            e = Math.Max(e, MinExponent);
            long shift = exponent - e;
            var scaledNumerator = shift >= 0 ? numerator << (int)shift : numerator;
            var scaledDenominator = shift >= 0 ? denominator : denominator << (int)-shift;
            var quotient = BigInteger.DivRem(scaledNumerator, scaledDenominator, out var remainder);
            if (quotient >= twoTo64)
            {
                e++;
                continue;
            }
            if (quotient < (twoTo64 >> 1) && e > MinExponent)
            {
                e--;
                continue;
            }

            var twiceRemainder = remainder << 1;
            if (twiceRemainder > scaledDenominator || (twiceRemainder == scaledDenominator && !quotient.IsEven))
                quotient += 1;
            if (quotient == twoTo64)
            {
                quotient >>= 1;
                e++;
            }
            if (e > MaxExponent) return new LongDouble(negative, 0, 0, infinite: true);
            return new LongDouble(negative, (ulong)quotient, (int)e);
        }
    }

    /// <summary>
    /// Digits with an optional '.', then an optional exponent: decimal with a power of ten
    /// ("12.5e-3"), or hexadecimal (after "0x") with a power of two ("1.8p3"). The value is
    /// mantissa × base^exponent, with base 10 or 2.
    /// </summary>
    private static bool TryParseDigits(ReadOnlySpan<byte> text, bool hex, out BigInteger mantissa, out long exponent)
    {
        mantissa = BigInteger.Zero;
        exponent = 0;
        int i = ScanDigits(text, 0, hex, out int integerDigits);
        int fractionDigits = 0;
        if (i < text.Length && text[i] == (byte)'.') i = ScanDigits(text, i + 1, hex, out fractionDigits);
        if (integerDigits + fractionDigits == 0) return false;

        foreach (byte b in text[..i])
        {
            if (b != (byte)'.') mantissa = mantissa * (hex ? 16 : 10) + DigitValue(b);
        }

        if (!TryParseExponent(text[i..], hex ? (byte)'p' : (byte)'e', out exponent)) return false;
        // Each fraction digit is a power of the base below one: a hex digit is 4 binary places.
        exponent -= (hex ? 4L : 1L) * fractionDigits;
        return true;
    }

    /// <summary>
    /// The optional exponent that ends the text: nothing, or the marker, an optional sign
    /// and at least one digit. A huge exponent saturates (the value is then surely out of range).
    /// </summary>
    private static bool TryParseExponent(ReadOnlySpan<byte> text, byte marker, out long exponent)
    {
        exponent = 0;
        if (text.Length == 0) return true;
        if ((text[0] | 0x20) != marker) return false;
        int i = 1;
        bool negative = i < text.Length && text[i] == (byte)'-';
        if (i < text.Length && text[i] is (byte)'-' or (byte)'+') i++;
        if (ScanDigits(text, i, isHex: false, out int count) != text.Length || count == 0) return false;
        foreach (byte b in text[i..])
        {
            exponent = Math.Min(exponent * 10 + (b - '0'), 1_000_000_000);
        }
        if (negative) exponent = -exponent;
        return true;
    }

    private static int ScanDigits(ReadOnlySpan<byte> text, int start, bool isHex, out int count)
    {
        int i = start;
        while (i < text.Length && (isHex ? char.IsAsciiHexDigit((char)text[i]) : char.IsAsciiDigit((char)text[i]))) i++;
        count = i - start;
        return i;
    }

    private static int DigitValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
