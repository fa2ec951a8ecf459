// printf's %g for doubles, byte for byte as glibc writes it: Redis formats script numbers
// with "%.17g" (redis.call arguments, RESP doubles) and cjson with "%.14g".

using System.Globalization;

namespace EventLoopRedis.Scripting;

internal static class CFormat
{
    /// <summary>
    /// Writes <paramref name="value"/> as C's <c>printf("%.{precision}g")</c> would: the
    /// shorter of fixed and exponential notation by C's rule, trailing zeros removed, a
    /// two-digit exponent at least ("1e+20"), and "inf", "-inf", "nan", "-nan" (the sign of
    /// a NaN is kept, as glibc prints 0/0 computed on x86 as "-nan").
    /// </summary>
    public static string G(double value, int precision)
    {
        if (double.IsNaN(value)) return double.IsNegative(value) ? "-nan" : "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";

        // "d.ddddE+xxx": exactly `precision` significant digits, correctly rounded, as printf does.
        string e = value.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
        bool negative = e[0] == '-';
        int mark = e.IndexOf('E');
        string digits = e[(negative ? 1 : 0)..mark].Replace(".", "");
        int exponent = int.Parse(e.AsSpan(mark + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        string text;
        if (exponent < -4 || exponent >= precision)
        {
            string fraction = digits[1..].TrimEnd('0');
            text = digits[0] + (fraction.Length > 0 ? "." + fraction : "")
                + (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (exponent >= 0)
        {
            string fraction = digits[(exponent + 1)..].TrimEnd('0');
            text = digits[..(exponent + 1)] + (fraction.Length > 0 ? "." + fraction : "");
        }
        else
        {
            text = "0." + new string('0', -exponent - 1) + digits.TrimEnd('0');
        }
        return negative ? "-" + text : text;
    }

    /// <summary>C's <c>(long long)d</c> on x86-64: truncation, and the "integer indefinite" value for NaN and out-of-range values (not .NET's saturation).</summary>
    public static long ToLongLikeC(double d) =>
        double.IsNaN(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0 ? long.MinValue : (long)d;
}
